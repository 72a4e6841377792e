using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html</summary>
public static class DeleteBucket
{
    public static Task ExecuteAsync(S3Call call)
    {
        call.Store.DeleteBucket(call.Bucket);
        call.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
