using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Protocol;

/// <summary>
/// SQS's wire protocols: the JSON 1.0 protocol current SDKs use (<c>X-Amz-Target: AmazonSQS.Action</c>) and the
/// older query protocol (form POST <c>Action=...</c>, XML answers). Errors carry AWS's <c>__type</c> and the
/// <c>x-amzn-query-error</c> header that query-compatible SDKs map to their exception types.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html
/// </summary>
public sealed class SqsEndpoint : IAwsServiceEndpoint
{
    public const string JsonContentType = "application/x-amz-json-1.0";
    private const string TargetPrefix = "AmazonSQS.";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly FrozenDictionary<string, SqsOperation> _operations;
    private readonly SqsState _state;
    private readonly ConcurrentBag<ResponseBuffer> _buffers = [];

    public SqsEndpoint(SqsState state, IEnumerable<SqsOperation> operations)
    {
        _state = state;
        _operations = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
    }

    public string SigningName => "sqs";
    public string ServiceName => "SQS";

    /// <summary>Unsigned query-protocol requests: a form POST (or GET) with Action, to / or to a queue URL path.</summary>
    public bool Matches(HttpRequest request)
    {
        if (request.Query.ContainsKey("Action"))
        {
            return true;
        }
        return HttpMethods.IsPost(request.Method)
            && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            && (request.Path.Value is null or "/" || IsQueuePath(request.Path.Value));
    }

    private bool IsQueuePath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 2 && segments[0] == _state.Options.AccountId;
    }

    public async Task HandleAsync(HttpContext context, AwsRequestContext request)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length == 0)
        {
            await SqsQueryProtocol.HandleAsync(this, context, request);
            return;
        }
        var name = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        request.Operation = name;
        if (!_operations.TryGetValue(name, out var operation))
        {
            throw SqsException.UnknownOperation();
        }

        JsonDocument document;
        try
        {
            document = context.Request.ContentLength == 0
                ? JsonDocument.Parse("{}")
                : await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            throw SqsException.Serialization("Unexpected character or end of input: the request body is not valid JSON.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind is not JsonValueKind.Object)
            {
                throw SqsException.Serialization("Start of structure or map expected.");
            }
            var buffer = await RunAsync(operation, new SqsInput(document.RootElement), context, request);
            try
            {
                var response = context.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = JsonContentType;
                response.Headers["x-amzn-RequestId"] = RequestIds.Uuid();
                response.ContentLength = buffer.Bytes.WrittenCount;
                await response.Body.WriteAsync(buffer.Bytes.WrittenMemory, context.RequestAborted);
            }
            finally
            {
                Return(buffer);
            }
        }
    }

    /// <summary>Runs an operation and returns its JSON response (the caller returns the buffer with <see cref="Return"/>).</summary>
    internal async Task<ResponseBuffer> RunAsync(SqsOperation operation, SqsInput input, HttpContext context, AwsRequestContext request)
    {
        var buffer = _buffers.TryTake(out var pooled) ? pooled : new ResponseBuffer();
        try
        {
            buffer.Writer.WriteStartObject();
            await operation.ExecuteAsync(new SqsCall
            {
                Input = input,
                State = _state,
                Request = request,
                BaseUrl = BaseUrlOf(context),
                Output = buffer.Writer,
                Aborted = context.RequestAborted,
            });
            buffer.Writer.WriteEndObject();
            buffer.Writer.Flush();
            return buffer;
        }
        catch
        {
            Return(buffer);
            throw;
        }
    }

    /// <summary>Where the caller reached us (its Host header), so queue URLs work from its side; the bound address without one.</summary>
    internal static string BaseUrlOf(HttpContext context) => context.Request.Host.HasValue
        ? $"{context.Request.Scheme}://{context.Request.Host.Value}"
        : $"{context.Request.Scheme}://localhost:{context.Connection.LocalPort}";

    internal bool TryGetOperation(string name, out SqsOperation operation) => _operations.TryGetValue(name, out operation!);

    internal void Return(ResponseBuffer buffer)
    {
        if (buffer.Bytes.Capacity <= 1 << 20)
        {
            buffer.Reset();
            _buffers.Add(buffer);
        }
    }

    public Task WriteErrorAsync(HttpContext context, AwsRequestContext request, AwsServiceException error)
    {
        if (SqsQueryProtocol.IsQueryRequest(context))
        {
            return SqsQueryProtocol.WriteErrorAsync(context, error);
        }
        var jsonType = error is SqsException sqs ? sqs.JsonType : error.Code;
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = JsonContentType;
        response.Headers["x-amzn-RequestId"] = RequestIds.Uuid();
        response.Headers["x-amzn-query-error"] = new StringValues($"{error.Code};{(error.IsServerFault ? "Receiver" : "Sender")}");
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", jsonType);
            if (error.Message.Length > 0)
            {
                writer.WriteString("message", error.Message);
            }
            writer.WriteEndObject();
        }
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body.GetBuffer(), 0, (int)body.Length, context.RequestAborted);
    }

    /// <summary>A reusable output buffer and JSON writer, so a request allocates neither.</summary>
    internal sealed class ResponseBuffer
    {
        public ArrayBufferWriter<byte> Bytes { get; } = new(1024);
        public Utf8JsonWriter Writer { get; }

        public ResponseBuffer() => Writer = new Utf8JsonWriter(Bytes, WriterOptions);

        public void Reset()
        {
            Bytes.ResetWrittenCount();
            Writer.Reset(Bytes);
        }
    }
}
