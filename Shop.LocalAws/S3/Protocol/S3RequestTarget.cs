using Microsoft.AspNetCore.Http.Features;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>
/// Finds the bucket and key a request addresses, in both of S3's styles: virtual-hosted (<c>bucket.localhost:4566/key</c>,
/// <c>bucket.s3.localhost.localstack.cloud</c>) and path-style (<c>localhost:4566/bucket/key</c>).
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
/// </summary>
public static class S3RequestTarget
{
    // Host suffixes under which the first label is a bucket name. "s3.localhost.localstack.cloud" resolves to
    // 127.0.0.1 in public DNS, so LocalStack habits carry over.
    private static readonly string[] VirtualHostSuffixes = [".s3.localhost.localstack.cloud", ".localhost"];

    public static (string? Bucket, string? Key) Parse(HttpContext context)
    {
        // The raw target keeps the key byte for byte: Request.Path would decode it but leave %2F and drop dot segments.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        if (rawPath.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rawPath.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Absolute-form target (proxies): keep only the path.
            var uri = new Uri(rawPath);
            rawPath = uri.AbsolutePath;
        }
        if (!rawPath.StartsWith('/'))
        {
            rawPath = "/" + rawPath;
        }

        var hostBucket = BucketFromHost(context.Request.Host.Host);
        if (hostBucket is not null)
        {
            var key = rawPath.Length > 1 ? Uri.UnescapeDataString(rawPath[1..]) : null;
            return (hostBucket, key);
        }

        var rest = rawPath[1..];
        if (rest.Length == 0)
        {
            return (null, null);
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (Uri.UnescapeDataString(rest), null);
        }
        var bucket = Uri.UnescapeDataString(rest[..slash]);
        var objectKey = rest[(slash + 1)..];
        return (bucket, objectKey.Length == 0 ? null : Uri.UnescapeDataString(objectKey));
    }

    /// <summary>The bucket named by a virtual-hosted style Host, or null for path-style hosts (IP addresses, localhost, s3.*).</summary>
    public static string? BucketFromHost(string host)
    {
        foreach (var suffix in VirtualHostSuffixes)
        {
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                var bucket = host[..^suffix.Length];
                // "s3.localhost" is the service endpoint itself, not a bucket.
                return bucket.Equals("s3", StringComparison.OrdinalIgnoreCase) ? null : bucket;
            }
        }
        return null;
    }
}
