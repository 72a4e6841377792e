using System.Globalization;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html</summary>
public static class UploadPart
{
    public static async Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var partNumberText = call.Query("partNumber") ?? string.Empty;
        if (!int.TryParse(partNumberText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
        {
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumberText);
        }
        var upload = CreateMultipartUpload.Find(call, bucket);
        var body = await S3BodyReceiver.ReceiveAsync(call.Request, call.Store, call.Aborted);
        var part = new S3Part(partNumber, body.Blob, S3Format.ETag(body.Md5), call.Now);
        if (!bucket.Uploads.ContainsKey(upload.UploadId))
        {
            body.Blob.Release();
            throw S3Errors.NoSuchUpload(upload.UploadId);
        }
        S3Part? replaced = null;
        upload.Parts.AddOrUpdate(partNumber, part, (_, previous) =>
        {
            replaced = previous;
            return part;
        });
        replaced?.Body.Release();
        PutObject.WriteUploadHeaders(call.Response, part.ETag, body);
    }
}
