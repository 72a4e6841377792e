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
/// <c>x-amzn-query-error</c> header that query-compatible SDKs map to their exception types. JSON requests of the
/// plain SDK shape are served by the <see cref="JsonFastPath"/> too, below Kestrel's HTTP server, except those that
/// wait (a long poll with no message yet, CancelMessageMoveTask), which it leaves to Kestrel.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html
/// </summary>
public sealed class SqsEndpoint : IAwsServiceEndpoint, IJsonFastPathService
{
    public const string JsonContentType = "application/x-amz-json-1.0";
    private const string TargetPrefix = "AmazonSQS.";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly FrozenDictionary<string, SqsOperation> _operations;
    private readonly SqsState _state;
    private readonly ConcurrentBag<ResponseBuffer> _buffers = [];
    private readonly ILogger<SqsEndpoint> _logger;

    public SqsEndpoint(SqsState state, IEnumerable<SqsOperation> operations, ILogger<SqsEndpoint> logger)
    {
        _state = state;
        _logger = logger;
        _operations = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
    }

    public string SigningName => "sqs";
    public string ServiceName => "SQS";

    public ReadOnlySpan<byte> FastPathTargetPrefix => "AmazonSQS."u8;

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
        using (var body = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
            if (JsonText.HasUnreadableText(bytes.Span))
            {
                throw SqsException.NotJson();
            }
            try
            {
                document = bytes.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(bytes);
            }
            catch (JsonException)
            {
                throw SqsException.NotJson();
            }
        }
        using (document)
        {
            if (document.RootElement.ValueKind is not JsonValueKind.Object)
            {
                throw SqsException.NotAnObject();
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
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = JsonContentType;
        response.Headers["x-amzn-RequestId"] = RequestIds.Uuid();
        response.Headers["x-amzn-query-error"] = new StringValues(QueryError(error));
        var body = new ArrayBufferWriter<byte>(256);
        WriteErrorDocument(body, error);
        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }

    /// <summary>The <c>x-amzn-query-error</c> value: the query protocol's error code and who is at fault.</summary>
    private static string QueryError(AwsServiceException error) => $"{error.Code};{(error.IsServerFault ? "Receiver" : "Sender")}";

    /// <summary>The JSON protocol's error document: AWS's <c>__type</c> and the message.</summary>
    private static void WriteErrorDocument(ArrayBufferWriter<byte> output, AwsServiceException error)
    {
        var writer = FastPathWriters.For(output);
        writer.WriteStartObject();
        writer.WriteString("__type", error is SqsException sqs ? sqs.JsonType : error.Code);
        if (error.Message.Length > 0)
        {
            writer.WriteString("message", error.Message);
        }
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>
    /// The fast path's way in (<see cref="JsonFastPath"/>): the same operations as <see cref="HandleAsync"/>, run
    /// synchronously, with the same answers and headers; a request that would wait is declined untouched.
    /// </summary>
    public int Respond(in JsonProtocolRequest http, AwsRequestContext request, ArrayBufferWriter<byte> output)
    {
        var name = http.Target.AsSpan(TargetPrefix.Length);
        if (!_operations.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var operation))
        {
            request.Operation = name.ToString();
            return RespondWithError(request, SqsException.UnknownOperation(), output);
        }
        request.Operation = operation.Name;
        if (operation.Name == "CancelMessageMoveTask")
        {
            return JsonFastPath.Declined; // it waits for the task to stop
        }
        if (JsonText.HasUnreadableText(http.Body.Span))
        {
            return RespondWithError(request, SqsException.NotJson(), output);
        }
        JsonDocument document;
        try
        {
            document = http.Body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(http.Body);
        }
        catch (JsonException)
        {
            return RespondWithError(request, SqsException.NotJson(), output);
        }
        using (document)
        {
            if (document.RootElement.ValueKind is not JsonValueKind.Object)
            {
                return RespondWithError(request, SqsException.NotAnObject(), output);
            }
            var writer = FastPathWriters.For(output);
            var call = new SqsCall
            {
                Input = new SqsInput(document.RootElement),
                State = _state,
                Request = request,
                BaseUrl = "http://" + http.Host,
                Output = writer,
                Aborted = CancellationToken.None,
                MayWait = false,
            };
            try
            {
                writer.WriteStartObject();
                var running = operation.ExecuteAsync(call);
                // Without waiting allowed every operation the fast path takes completes here; should one not, its
                // answer is still awaited rather than lost (a short block of this thread, not a wrong answer).
                running.AsTask().GetAwaiter().GetResult();
                if (call.Declined)
                {
                    output.ResetWrittenCount();
                    return JsonFastPath.Declined;
                }
                writer.WriteEndObject();
                writer.Flush();
            }
            catch (AwsServiceException error)
            {
                if (error.IsServerFault)
                {
                    _logger.LogError(error, "SQS {Operation} failed", request.Operation);
                }
                return RespondWithError(request, error, output);
            }
            catch (Exception error)
            {
                _logger.LogError(error, "SQS {Operation} failed unexpectedly", request.Operation);
                return RespondWithError(request, AwsServiceException.InternalFailure(), output);
            }
            request.ResponseContentType = JsonContentType;
            return StatusCodes.Status200OK;
        }
    }

    public int RespondWithError(AwsRequestContext request, AwsServiceException error, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        WriteErrorDocument(output, error);
        request.ResponseContentType = JsonContentType;
        request.Error = error;
        return error.StatusCode;
    }

    /// <summary>As <see cref="HandleAsync"/> and <see cref="WriteErrorAsync"/> set them: a UUID request id, and an error's query code.</summary>
    public void WriteFastPathHeaders(IBufferWriter<byte> output, AwsRequestContext request, ReadOnlySpan<byte> body)
    {
        output.Write("\r\nx-amzn-RequestId: "u8);
        output.Advance(RequestIds.WriteUuid(output.GetSpan(RequestIds.UuidLength)));
        if (request.Error is { } error)
        {
            output.Write("\r\nx-amzn-query-error: "u8);
            var text = QueryError(error);
            output.Advance(System.Text.Encoding.UTF8.GetBytes(text, output.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length))));
        }
    }

    /// <summary>One JSON writer per thread with SQS's settings, over whatever buffer a request answers into.</summary>
    private static class FastPathWriters
    {
        [ThreadStatic]
        private static Utf8JsonWriter? _writer;

        public static Utf8JsonWriter For(IBufferWriter<byte> output)
        {
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(output, WriterOptions);
            }
            else
            {
                _writer.Reset(output);
            }
            return _writer;
        }
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
