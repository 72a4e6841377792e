using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html</summary>
public static class CreateBucket
{
    private const string GlobalRegion = "us-east-1";

    public static async Task ExecuteAsync(S3Call call)
    {
        var name = call.Bucket;
        BucketNames.Validate(name);
        var configuration = await call.ReadXmlBodyAsync();
        string? constraint = null;
        if (configuration is not null)
        {
            if (configuration.Name.LocalName != "CreateBucketConfiguration")
            {
                throw S3Errors.MalformedXml();
            }
            constraint = configuration.Elements().FirstOrDefault(e => e.Name.LocalName == "LocationConstraint")?.Value;
            if (constraint is { Length: 0 })
            {
                constraint = null;
            }
        }

        // The global endpoint (us-east-1) creates buckets in any region but refuses to be named; a regional endpoint
        // only creates buckets in its own region.
        var endpointRegion = call.Aws.Region;
        string region;
        if (endpointRegion == GlobalRegion)
        {
            if (constraint == GlobalRegion)
            {
                throw S3Errors.InvalidLocationConstraint(constraint);
            }
            region = constraint ?? GlobalRegion;
        }
        else
        {
            if (constraint != endpointRegion)
            {
                throw S3Errors.IllegalLocationConstraint(constraint, endpointRegion);
            }
            region = constraint;
        }

        var (_, created) = call.Store.CreateBucket(name, region, call.Now);
        // For legacy compatibility S3 answers 200 to re-creating an owned bucket in us-east-1, and an error elsewhere.
        if (!created && endpointRegion != GlobalRegion)
        {
            throw S3Errors.BucketAlreadyOwnedByYou(name);
        }
        call.Response.Headers.Location = "/" + name;
        call.Response.StatusCode = 200;
    }
}
