using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html</summary>
public static class GetBucketLocation
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        // Buckets in us-east-1 have a null LocationConstraint: an empty element.
        return call.WriteXmlAsync(S3Call.Element("LocationConstraint", bucket.Region == "us-east-1" ? null : bucket.Region));
    }
}
