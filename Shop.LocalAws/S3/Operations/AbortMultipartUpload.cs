using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html</summary>
public static class AbortMultipartUpload
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var upload = CreateMultipartUpload.Find(call, bucket);
        if (bucket.Uploads.TryRemove(upload.UploadId, out _))
        {
            S3Store.ReleaseParts(upload);
        }
        call.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
