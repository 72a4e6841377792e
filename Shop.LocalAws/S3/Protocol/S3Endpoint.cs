using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.S3.Operations;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>
/// Amazon S3's REST XML protocol: addresses buckets path-style or virtual-hosted style, names the operation from
/// method, path and query, runs it, and writes S3's XML error documents. S3 claims every request no other service does.
/// SigV4 signatures (headers, chunks, presigned URLs) are parsed but not verified: LocalAws holds no secrets.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/Welcome.html
/// </summary>
public sealed class S3Endpoint(S3Store store, TimeProvider clock) : IAwsServiceEndpoint
{
    private const string RequestIdItem = "s3.request-id";

    private static readonly Dictionary<string, Func<S3Call, Task>> Operations = new(StringComparer.Ordinal)
    {
        ["ListBuckets"] = ListBuckets.ExecuteAsync,
        ["CreateBucket"] = CreateBucket.ExecuteAsync,
        ["HeadBucket"] = HeadBucket.ExecuteAsync,
        ["DeleteBucket"] = DeleteBucket.ExecuteAsync,
        ["GetBucketLocation"] = GetBucketLocation.ExecuteAsync,
        ["ListObjects"] = ListObjects.ExecuteV1Async,
        ["ListObjectsV2"] = ListObjects.ExecuteV2Async,
        ["PutObject"] = PutObject.ExecuteAsync,
        ["GetObject"] = GetObject.ExecuteAsync,
        ["HeadObject"] = GetObject.ExecuteAsync,
        ["DeleteObject"] = DeleteObject.ExecuteAsync,
        ["DeleteObjects"] = DeleteObjects.ExecuteAsync,
        ["CopyObject"] = CopyObject.ExecuteAsync,
        ["CreateMultipartUpload"] = CreateMultipartUpload.ExecuteAsync,
        ["UploadPart"] = UploadPart.ExecuteAsync,
        ["CompleteMultipartUpload"] = CompleteMultipartUpload.ExecuteAsync,
        ["AbortMultipartUpload"] = AbortMultipartUpload.ExecuteAsync,
        ["ListParts"] = ListParts.ExecuteAsync,
        ["ListMultipartUploads"] = ListMultipartUploads.ExecuteAsync,
    };

    public string SigningName => "s3";

    public string ServiceName => "S3";

    /// <summary>
    /// S3 claims what no other service claims, except requests that name another service: S3 never sends
    /// X-Amz-Target, and a SigV4 scope for another service is an unknown operation of that service, not an S3 request.
    /// </summary>
    public bool Matches(HttpRequest request)
    {
        if (request.Headers.ContainsKey("X-Amz-Target"))
        {
            return false;
        }
        var authorization = request.Headers.Authorization.ToString();
        var scope = authorization.Length > 0 ? ScopeOf(authorization) : request.Query["X-Amz-Credential"].ToString();
        var parts = scope.Split('/');
        return parts.Length < 4 || parts[3] == SigningName;
    }

    private static string ScopeOf(string authorization)
    {
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }
        start += "Credential=".Length;
        var end = authorization.IndexOf(',', start);
        return end < 0 ? authorization[start..] : authorization[start..end];
    }

    public async Task HandleAsync(HttpContext context, AwsRequestContext request)
    {
        WriteRequestIds(context);
        var (bucket, key) = S3RequestTarget.Parse(context);
        request.ResourceName = bucket;
        CheckPresignedUrl(context.Request);
        var operation = S3OperationSelector.Select(context.Request, bucket, key);
        request.Operation = operation;
        if (!Operations.TryGetValue(operation, out var execute))
        {
            throw S3Errors.NotImplemented(operation);
        }
        // S3 limits keys to 1024 bytes of UTF-8.
        if (key is { Length: > 256 } && System.Text.Encoding.UTF8.GetByteCount(key) is var keyBytes and > 1024)
        {
            throw S3Errors.KeyTooLong(keyBytes);
        }
        await execute(new S3Call
        {
            Http = context,
            Aws = request,
            Store = store,
            Clock = clock,
            BucketName = bucket,
            Key = key,
        });
    }

    public async Task WriteErrorAsync(HttpContext context, AwsRequestContext request, AwsServiceException error)
    {
        if (error is not S3Exception s3Error)
        {
            s3Error = error.Code switch
            {
                // The router rejects malformed SigV4 credentials before S3 sees the request; S3 words it its own way.
                "IncompleteSignatureException" when context.Request.Headers.Authorization.Count == 0 =>
                    S3Errors.AuthorizationQueryParametersError("Error parsing the X-Amz-Credential parameter; " + error.Message),
                "IncompleteSignatureException" => S3Errors.AuthorizationHeaderMalformed(error.Message),
                "InternalFailure" => new S3Exception(500, "InternalError", "We encountered an internal error. Please try again."),
                _ => new S3Exception(error.StatusCode, error.Code, error.Message),
            };
        }
        WriteRequestIds(context);
        var response = context.Response;
        response.StatusCode = s3Error.StatusCode;
        foreach (var (name, value) in s3Error.Headers)
        {
            response.Headers[name] = value;
        }
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return; // HEAD responses carry no body, errors included.
        }
        var document = new XElement("Error",
            new XElement("Code", s3Error.Code),
            new XElement("Message", s3Error.Message),
            s3Error.Details.Select(d => new XElement(d.Name, d.Value)),
            new XElement("RequestId", context.Items[RequestIdItem]),
            new XElement("HostId", response.Headers["x-amz-id-2"].ToString()));
        var bytes = S3Call.Serialize(document);
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static void WriteRequestIds(HttpContext context)
    {
        if (context.Items[RequestIdItem] is not string requestId)
        {
            requestId = RequestIds.Hex(8);
            context.Items[RequestIdItem] = requestId;
        }
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(requestId + requestId));
    }

    /// <summary>Checks a presigned URL's parameters and expiry as S3 does; its signature is not verified.</summary>
    private void CheckPresignedUrl(HttpRequest request)
    {
        var query = request.Query;
        if (!query.ContainsKey("X-Amz-Algorithm") && !query.ContainsKey("X-Amz-Signature"))
        {
            return;
        }
        string[] required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"];
        if (required.Any(name => string.IsNullOrEmpty(query[name])))
        {
            throw S3Errors.AuthorizationQueryParametersError("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (query["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256")
        {
            throw S3Errors.AuthorizationQueryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256\"");
        }
        var expiresText = query["X-Amz-Expires"].ToString();
        if (!int.TryParse(expiresText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expires))
        {
            throw S3Errors.AuthorizationQueryParametersError("X-Amz-Expires should be a number");
        }
        if (expires < 0)
        {
            throw S3Errors.AuthorizationQueryParametersError("X-Amz-Expires must be non-negative");
        }
        if (expires > 604800)
        {
            throw S3Errors.AuthorizationQueryParametersError("X-Amz-Expires must be less than a week (in seconds) that is; 604800");
        }
        if (!DateTimeOffset.TryParseExact(query["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw S3Errors.AuthorizationQueryParametersError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        var now = clock.GetUtcNow();
        var expiresAt = signedAt.AddSeconds(expires);
        if (now > expiresAt)
        {
            throw S3Errors.RequestExpired(expiresText, expiresAt, now);
        }
    }
}
