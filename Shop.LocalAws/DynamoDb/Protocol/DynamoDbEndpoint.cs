using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Shop.LocalAws.DynamoDb.State;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.DynamoDb.Protocol;

/// <summary>
/// DynamoDB's JSON 1.0 wire protocol: <c>POST /</c> with <c>X-Amz-Target: DynamoDB_20120810.{Action}</c>.
/// Checks the request the way DynamoDB's front end does (content type, JSON, target, authentication, member types,
/// constraints) before the action runs, and answers with the <c>x-amz-crc32</c> and <c>x-amzn-RequestId</c> headers.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
/// </summary>
internal sealed class DynamoDbEndpoint : IAwsServiceEndpoint, IJsonFastPathService
{
    private const int MaxRequestBytes = 16 * 1024 * 1024;
    private const string TargetPrefix = "DynamoDB_20120810.";
    private readonly Dictionary<string, DynamoDbOperation> _operations;
    private readonly DynamoDbState _state;
    private readonly ILogger<DynamoDbEndpoint> _logger;

    private readonly Dictionary<string, DynamoDbOperation>.AlternateLookup<ReadOnlySpan<char>> _operationsByName;

    public DynamoDbEndpoint(DynamoDbState state, IEnumerable<DynamoDbOperation> operations, ILogger<DynamoDbEndpoint> logger)
    {
        _state = state;
        _logger = logger;
        _operations = operations.ToDictionary(o => o.Name, StringComparer.Ordinal);
        _operationsByName = _operations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string SigningName => "dynamodb";

    public string ServiceName => "DynamoDB";

    public ReadOnlySpan<byte> FastPathTargetPrefix => "DynamoDB_20120810."u8;

    public bool Matches(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context, AwsRequestContext request)
    {
        var http = context.Request;
        var target = http.Headers["X-Amz-Target"].ToString();
        NameOperation(target, request);
        var (buffer, length, tooLarge) = await ReadBodyAsync(http, context.RequestAborted);
        try
        {
            if (tooLarge)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }
            var output = ResponseBuffers.Rent();
            try
            {
                var status = Respond(new JsonProtocolRequest(http.Method, target, http.ContentType, http.Host.Value, buffer.AsMemory(0, length)), request, output);
                await WriteRawAsync(context, status, request.ResponseContentType ?? "application/x-amz-json-1.0", output.WrittenMemory);
            }
            finally
            {
                ResponseBuffers.Return(output);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Answers one request, whichever way its bytes arrived (Kestrel's HTTP server or the <see cref="JsonFastPath"/>):
    /// writes the response body to <paramref name="output"/>, sets the response content type on
    /// <paramref name="request"/> and returns the status code. Errors are answered here in DynamoDB's format.
    /// </summary>
    public int Respond(in JsonProtocolRequest http, AwsRequestContext request, ArrayBufferWriter<byte> output)
    {
        NameOperation(http.Target, request);
        try
        {
            return Execute(http, request, output);
        }
        catch (AwsServiceException error)
        {
            if (error.IsServerFault)
            {
                _logger.LogError(error, "DynamoDB {Operation} failed", request.Operation);
            }
            return RespondWithError(request, error, output);
        }
        catch (Exception error)
        {
            _logger.LogError(error, "DynamoDB {Operation} failed unexpectedly", request.Operation);
            return RespondWithError(request, AwsServiceException.InternalFailure(), output);
        }
    }

    private int Execute(in JsonProtocolRequest http, AwsRequestContext request, ArrayBufferWriter<byte> output)
    {
        var contentType = MediaType(http.ContentType);
        var isJson = contentType.SequenceEqual("application/json");
        if (!HttpMethods.IsPost(http.Method) || (http.Body.Length > 0 && !isJson && !contentType.SequenceEqual("application/x-amz-json-1.0")))
        {
            // DynamoDB's front end answers anything but a JSON POST like this, before it looks at the target.
            request.ResponseContentType = "application/x-amz-json-1.0";
            output.Write("<UnknownOperationException/>\n"u8);
            return StatusCodes.Status404NotFound;
        }
        request.ResponseContentType = isJson ? "application/json" : "application/x-amz-json-1.0";

        JsonDocument? document = null;
        if (http.Body.Length > 0)
        {
            if (JsonText.HasUnreadableText(http.Body.Span))
            {
                throw DynamoDbException.Serialization(string.Empty);
            }
            try
            {
                document = JsonDocument.Parse(http.Body);
            }
            catch (JsonException)
            {
                throw DynamoDbException.Serialization(string.Empty);
            }
        }
        using (document)
        {
            if (!http.Target.StartsWith(TargetPrefix, StringComparison.Ordinal) || request.Operation is null || !_operations.TryGetValue(request.Operation, out var operation))
            {
                throw new DynamoDbException(400, "UnknownOperationException", string.Empty);
            }
            if (request.Credential is null)
            {
                throw new DynamoDbException(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
            }
            if (document is null)
            {
                throw DynamoDbException.Serialization(string.Empty);
            }
            // A JSON body that is not an object has no members: DynamoDB then reports the missing required ones.
            var root = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : EmptyObject;
            request.ResourceName = operation.ResourceName(root);
            operation.Shape.CheckRequest(root);

            var writer = ResponseWriters.For(output);
            writer.WriteStartObject();
            operation.Execute(new DynamoDbCall { Request = root, Context = request, State = _state, Host = http.Host }, writer);
            writer.WriteEndObject();
            writer.Flush();
            if (!operation.HasOutput)
            {
                output.ResetWrittenCount();
            }
            return StatusCodes.Status200OK;
        }
    }

    /// <summary>Names the operation from the target as soon as it is known, with the operation's own name string when it is one we know.</summary>
    private void NameOperation(string target, AwsRequestContext request)
    {
        if (request.Operation is not null)
        {
            return;
        }
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var name = target.AsSpan(dot + 1);
            request.Operation = _operationsByName.TryGetValue(name, out var known) ? known.Name : name.ToString();
        }
    }

    /// <summary>The media type of a Content-Type header, without parameters such as charset.</summary>
    private static ReadOnlySpan<char> MediaType(string? contentType)
    {
        var value = contentType.AsSpan();
        var semicolon = value.IndexOf(';');
        return (semicolon < 0 ? value : value[..semicolon]).Trim();
    }
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public Task WriteErrorAsync(HttpContext context, AwsRequestContext request, AwsServiceException error)
    {
        var output = new ArrayBufferWriter<byte>(256);
        var status = RespondWithError(request, error, output);
        return WriteRawAsync(context, status, request.ResponseContentType ?? "application/x-amz-json-1.0", output.WrittenMemory);
    }

    /// <summary>Writes <paramref name="error"/> as DynamoDB's JSON error document over anything written so far; returns its status code.</summary>
    public int RespondWithError(AwsRequestContext request, AwsServiceException error, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        request.ResponseContentType ??= "application/x-amz-json-1.0";
        request.Error = error;
        using (var writer = new Utf8JsonWriter(output, AwsJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", QualifiedType(error.Code));
            if (error.Message.Length > 0)
            {
                // Coral's own serialization errors capitalise the member; DynamoDB's errors do not.
                writer.WriteString(error.Code == "SerializationException" ? "Message" : "message", error.Message);
            }
            if (error is DynamoDbException { ExtraFields: { } extra })
            {
                foreach (var (name, value) in extra)
                {
                    writer.WritePropertyName(name);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }
                }
            }
            writer.WriteEndObject();
        }
        return error.StatusCode;
    }

    /// <summary>The <c>__type</c> of an error: Coral's own errors live in Coral's namespaces, DynamoDB's in its API's.</summary>
    internal static string QualifiedType(string code) => code switch
    {
        "ValidationException" => "com.amazon.coral.validate#ValidationException",
        "SerializationException" or "UnknownOperationException" or "MissingAuthenticationTokenException" or "IncompleteSignatureException"
            or "InvalidSignatureException" or "UnrecognizedClientException" or "InternalFailure" or "AccessDeniedException" => "com.amazon.coral.service#" + code,
        _ => "com.amazonaws.dynamodb.v20120810#" + code,
    };

    /// <summary>The fast path's copy of <see cref="WriteRawAsync"/>'s headers: a 52-character request id and the body's CRC32.</summary>
    public void WriteFastPathHeaders(IBufferWriter<byte> output, AwsRequestContext request, ReadOnlySpan<byte> body)
    {
        output.Write("\r\nx-amzn-RequestId: "u8);
        RequestIds.WriteUpperAlphanumeric(output.GetSpan(RequestIdLength)[..RequestIdLength]);
        output.Advance(RequestIdLength);
        output.Write("\r\nx-amz-crc32: "u8);
        Utf8Formatter.TryFormat(System.IO.Hashing.Crc32.HashToUInt32(body), output.GetSpan(10), out var written);
        output.Advance(written);
    }

    private const int RequestIdLength = 52;

    private static async Task WriteRawAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = RequestIds.UpperAlphanumeric(RequestIdLength);
        response.Headers["x-amz-crc32"] = System.IO.Hashing.Crc32.HashToUInt32(body.Span).ToString(CultureInfo.InvariantCulture);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        var capacity = request.ContentLength is { } declared and > 0 and <= MaxRequestBytes ? (int)declared : 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxRequestBytes)
                {
                    return (buffer, length, true);
                }
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
            if (read == 0)
            {
                return (buffer, length, length > MaxRequestBytes);
            }
            length += read;
        }
    }

    /// <summary>This thread's JSON writer, reset onto each response buffer: one is needed per request.</summary>
    private static class ResponseWriters
    {
        [ThreadStatic]
        private static Utf8JsonWriter? _writer;

        public static Utf8JsonWriter For(ArrayBufferWriter<byte> output)
        {
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(output, AwsJson.WriterOptions);
            }
            else
            {
                _writer.Reset(output);
            }
            return _writer;
        }
    }
}
