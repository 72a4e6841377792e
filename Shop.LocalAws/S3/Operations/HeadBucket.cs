using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html</summary>
public static class HeadBucket
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        call.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        call.Response.StatusCode = 200;
        return Task.CompletedTask;
    }
}
