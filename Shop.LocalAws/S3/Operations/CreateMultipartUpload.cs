using System.Security.Cryptography;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html</summary>
public static class CreateMultipartUpload
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var upload = new S3MultipartUpload
        {
            UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '.').Replace('/', '_').TrimEnd('='),
            Key = call.ObjectKey,
            Initiated = call.Now,
            Headers = ObjectHeaderCodec.Read(call.Request),
        };
        bucket.Uploads[upload.UploadId] = upload;
        return call.WriteXmlAsync(S3Call.Element("InitiateMultipartUploadResult",
            S3Call.Element("Bucket", bucket.Name),
            S3Call.Element("Key", upload.Key),
            S3Call.Element("UploadId", upload.UploadId)));
    }

    /// <summary>The upload named by <c>?uploadId</c> for this key, or S3's NoSuchUpload.</summary>
    public static S3MultipartUpload Find(S3Call call, S3Bucket bucket)
    {
        var uploadId = call.Query("uploadId") ?? string.Empty;
        return bucket.Uploads.TryGetValue(uploadId, out var upload) && upload.Key == call.ObjectKey
            ? upload
            : throw S3Errors.NoSuchUpload(uploadId);
    }
}
