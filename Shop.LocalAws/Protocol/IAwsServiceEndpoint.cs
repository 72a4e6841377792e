namespace Shop.LocalAws.Protocol;

/// <summary>
/// One emulated AWS service's wire protocol. The <see cref="AwsRequestRouter"/> picks the endpoint for a request
/// (by X-Amz-Target, by the SigV4 credential scope, then by <see cref="Matches"/>), lets it handle the request,
/// and asks it to write any <see cref="AwsServiceException"/> in the service's own error format.
/// </summary>
public interface IAwsServiceEndpoint
{
    /// <summary>The SigV4 signing name, as in the credential scope: <c>dynamodb</c>, <c>sqs</c>, <c>ses</c>, <c>s3</c>, <c>lambda</c>.</summary>
    string SigningName { get; }

    /// <summary>The service as OpenTelemetry's <c>rpc.service</c> names it: <c>DynamoDB</c>, <c>SQS</c>, <c>SESv2</c>, <c>S3</c>.</summary>
    string ServiceName { get; }

    /// <summary>
    /// Whether this endpoint claims a request that no X-Amz-Target or credential scope assigned
    /// (anonymous requests, e.g. a browser opening a presigned S3 URL). S3 claims what no one else does.
    /// </summary>
    bool Matches(HttpRequest request);

    /// <summary>Handles the request; sets <see cref="AwsRequestContext.Operation"/> and <see cref="AwsRequestContext.ResourceName"/> as soon as known.</summary>
    Task HandleAsync(HttpContext context, AwsRequestContext request);

    /// <summary>Writes an error in the service's wire format (JSON <c>__type</c>, S3 XML document, REST JSON with x-amzn-ErrorType).</summary>
    Task WriteErrorAsync(HttpContext context, AwsRequestContext request, AwsServiceException error);
}

/// <summary>What the router learned of a request before the service saw it, and what the service tells the router back.</summary>
public sealed class AwsRequestContext
{
    public required string Region { get; init; }
    public required string AccountId { get; init; }

    /// <summary>The caller's SigV4 credential, or null for anonymous requests. Its access key is the caller's identity.</summary>
    public SigV4Credential? Credential { get; init; }

    /// <summary>The operation as AWS names it (<c>PutItem</c>, <c>SendMessage</c>, <c>GetObject</c>); null until the service knows it.</summary>
    public string? Operation { get; set; }

    /// <summary>The table, queue, bucket or identity the operation acts on, when there is one.</summary>
    public string? ResourceName { get; set; }

    /// <summary>The content type the service answers in, once it knows (DynamoDB echoes the request's JSON flavour).</summary>
    public string? ResponseContentType { get; set; }

    /// <summary>The error the service answered with, if any (the fast path writes SQS's <c>x-amzn-query-error</c> from it).</summary>
    public AwsServiceException? Error { get; set; }
}
