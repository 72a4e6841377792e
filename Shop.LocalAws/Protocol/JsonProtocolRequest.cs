using System.Buffers;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// A request of one of AWS's JSON protocols (<c>POST /</c> with <c>X-Amz-Target</c>, as DynamoDB and SQS speak them)
/// with what a service needs of its HTTP envelope, however it was read off the wire.
/// </summary>
public readonly record struct JsonProtocolRequest(string Method, string Target, string? ContentType, string? Host, ReadOnlyMemory<byte> Body);

/// <summary>
/// A service that the <see cref="JsonFastPath"/> may serve without Kestrel's HTTP server: every operation is short,
/// synchronous in-memory work, and the service writes its own errors.
/// </summary>
public interface IJsonFastPathService
{
    /// <summary>The signing name for the call log (<c>dynamodb</c>).</summary>
    string SigningName { get; }

    /// <summary>The X-Amz-Target prefix of the service's operations, dot included (<c>DynamoDB_20120810.</c>).</summary>
    ReadOnlySpan<byte> FastPathTargetPrefix { get; }

    /// <summary>Answers the request: writes the body to <paramref name="output"/>, sets the response content type and returns the status code.</summary>
    int Respond(in JsonProtocolRequest http, AwsRequestContext request, ArrayBufferWriter<byte> output);

    /// <summary>Writes <paramref name="error"/> in the service's format to <paramref name="output"/> and returns its status code.</summary>
    int RespondWithError(AwsRequestContext request, AwsServiceException error, ArrayBufferWriter<byte> output);
}
