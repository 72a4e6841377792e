using System.Diagnostics;

namespace Shop.LocalAws.LambdaRunner;

/// <summary>
/// Names the HttpClient span of a function's AWS SDK call as OpenTelemetry's AWS SDK conventions name it
/// (<c>DynamoDB.GetItem</c>, rpc.system <c>aws-api</c>), so an order's trace on the dashboard says what each call was
/// instead of "POST". The AWS instrumentation package is not on this feed, so the operation is read from the request:
/// the JSON protocols name it in X-Amz-Target; for S3 and SES v2 the SigV4 scope names the service, and the method
/// and path the operation.
/// </summary>
internal static class AwsClientSpans
{
    public static void Enrich(Activity activity, HttpRequestMessage request)
    {
        if (Describe(request) is not var (service, operation))
        {
            return;
        }
        activity.DisplayName = $"{service}.{operation}";
        activity.SetTag("rpc.system", "aws-api");
        activity.SetTag("rpc.service", service);
        activity.SetTag("rpc.method", operation);
    }

    /// <summary>The AWS service and operation of a request the AWS SDK or the shop's SES client made; null for any other.</summary>
    internal static (string Service, string Operation)? Describe(HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            // DynamoDB_20120810.GetItem, AmazonSQS.SendMessage
            var dot = target.LastIndexOf('.');
            if (dot <= 0 || dot == target.Length - 1)
            {
                return null;
            }
            var prefix = target[..dot];
            var service = prefix.StartsWith("DynamoDB", StringComparison.Ordinal) ? "DynamoDB" : prefix == "AmazonSQS" ? "SQS" : prefix;
            return (service, target[(dot + 1)..]);
        }
        var path = request.RequestUri?.AbsolutePath ?? "/";
        return SigningService(request) switch
        {
            "s3" => ("S3", S3Operation(request, path)),
            "ses" => ("SESv2", SesOperation(request.Method, path)),
            _ => null,
        };
    }

    /// <summary>The service of the SigV4 credential scope: <c>AKID/20261206/us-east-1/s3/aws4_request</c> is s3.</summary>
    private static string? SigningService(HttpRequestMessage request)
    {
        // Read as sent: the signers add the header without validation, so the typed Authorization may not parse it.
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.FirstOrDefault() : null;
        var start = authorization?.IndexOf("Credential=", StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }
        var scope = authorization![(start + "Credential=".Length)..].Split(',')[0].Split('/');
        return scope.Length == 5 ? scope[3] : null;
    }

    /// <summary>Path-style S3: <c>/bucket/key</c> is an object operation, <c>/bucket</c> or <c>/bucket/</c> a bucket one.</summary>
    private static string S3Operation(HttpRequestMessage request, string path)
    {
        var bucketAndKey = path.TrimStart('/');
        var slash = bucketAndKey.IndexOf('/', StringComparison.Ordinal);
        var hasKey = slash >= 0 && slash < bucketAndKey.Length - 1; // "/bucket/" is the bucket itself
        var method = request.Method.Method;
        return (method, hasKey) switch
        {
            ("PUT", true) when request.Headers.Contains("x-amz-copy-source") => "CopyObject",
            ("PUT", true) => "PutObject",
            ("GET", true) => "GetObject",
            ("HEAD", true) => "HeadObject",
            ("DELETE", true) => "DeleteObject",
            ("GET", false) when request.RequestUri?.Query.Contains("list-type=2", StringComparison.Ordinal) == true => "ListObjectsV2",
            ("GET", false) => "ListObjects",
            ("HEAD", false) => "HeadBucket",
            ("PUT", false) => "CreateBucket",
            ("DELETE", false) => "DeleteBucket",
            _ => method,
        };
    }

    private static string SesOperation(HttpMethod method, string path) => (method.Method, path) switch
    {
        ("POST", "/v2/email/outbound-emails") => "SendEmail",
        ("POST", "/v2/email/identities") => "CreateEmailIdentity",
        ("GET", "/v2/email/identities") => "ListEmailIdentities",
        ("GET", _) when path.StartsWith("/v2/email/identities/", StringComparison.Ordinal) => "GetEmailIdentity",
        _ => method.Method,
    };
}
