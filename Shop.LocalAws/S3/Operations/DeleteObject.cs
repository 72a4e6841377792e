using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html</summary>
public static class DeleteObject
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        // Deleting a key that does not exist succeeds too: S3 answers 204 either way.
        call.Store.DeleteObject(bucket, call.ObjectKey);
        call.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
