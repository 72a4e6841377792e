using System.Buffers;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// A request of one of AWS's JSON protocols (<c>POST /</c> with <c>X-Amz-Target</c>, as DynamoDB and SQS speak them)
/// with what a service needs of its HTTP envelope, however it was read off the wire.
/// </summary>
public readonly record struct JsonProtocolRequest(string Method, string Target, string? ContentType, string? Host, ReadOnlyMemory<byte> Body);

/// <summary>
/// A service that the <see cref="JsonFastPath"/> may serve without Kestrel's HTTP server: the operations it takes are
/// short, synchronous in-memory work, and the service writes its own errors and response headers.
/// </summary>
public interface IJsonFastPathService
{
    /// <summary>The signing name for the call log (<c>dynamodb</c>, <c>sqs</c>).</summary>
    string SigningName { get; }

    /// <summary>The X-Amz-Target prefix of the service's operations, dot included (<c>DynamoDB_20120810.</c>).</summary>
    ReadOnlySpan<byte> FastPathTargetPrefix { get; }

    /// <summary>
    /// Answers the request: writes the body to <paramref name="output"/>, sets the response content type and returns the
    /// status code; or returns <see cref="JsonFastPath.Declined"/>, having done and written nothing, for a request that
    /// must wait (an SQS long poll that finds no message), which Kestrel's HTTP server then serves.
    /// </summary>
    int Respond(in JsonProtocolRequest http, AwsRequestContext request, ArrayBufferWriter<byte> output);

    /// <summary>Writes <paramref name="error"/> in the service's format to <paramref name="output"/> and returns its status code.</summary>
    int RespondWithError(AwsRequestContext request, AwsServiceException error, ArrayBufferWriter<byte> output);

    /// <summary>
    /// Writes the service's own response headers, each as <c>\r\nName: value</c>, exactly as its Kestrel path sets them
    /// (after Content-Type and Date, which Kestrel writes first): request id, checksum, error headers.
    /// </summary>
    void WriteFastPathHeaders(IBufferWriter<byte> output, AwsRequestContext request, ReadOnlySpan<byte> body);
}
