using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// Serves the JSON-protocol requests of <see cref="IJsonFastPathService"/>s (DynamoDB, SQS) straight off the connection,
/// below Kestrel's HTTP server: a Kestrel connection middleware reads each request's head
/// (<see cref="FastPathRequestHead"/>), hands the service the request, and writes the response with the same status
/// line and headers Kestrel writes. On this 2-core machine Kestrel's HTTP layer (request parsing, the headers
/// dictionaries, HttpContext, the response pipeline) costs about a quarter of a DynamoDB call; bench/README.md has
/// the figures.
/// <para>
/// The fast path only ever takes what it can answer exactly as the HTTP server would: the first request on a
/// connection that is not the plain shape the AWS SDKs send, is larger than <see cref="MaxRequestBytes"/>, or arrives
/// while anyone listens to ASP.NET Core's request activities (OpenTelemetry under the AppHost, a test's listener) hands
/// the connection to Kestrel's HTTP server, which serves it from that request on, as does a request the service
/// declines (an SQS long poll that has to wait). So traces, the UI, S3, SQS's query protocol and everything else
/// behave as before, and a request the fast path has doubts about meets Kestrel's own validation.
/// </para>
/// </summary>
public sealed class JsonFastPath
{
    /// <summary>A request (head and body) larger than this is left to Kestrel, which streams it; the fast path answers whole buffered requests.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>What <see cref="IJsonFastPathService.Respond"/> returns for a request it leaves to Kestrel's HTTP server.</summary>
    public const int Declined = 0;

    private readonly IJsonFastPathService[] _services;
    private readonly byte[][] _targetPrefixes;
    private readonly LocalAwsOptions _options;
    private readonly AwsCallLog _callLog;
    private readonly ActivitySource _hostingActivities;
    private readonly DiagnosticListener _hostingDiagnostics;
    private readonly JsonFastPathCounters _counters;

    public JsonFastPath(IEnumerable<IJsonFastPathService> services, LocalAwsOptions options, AwsCallLog callLog, ActivitySource hostingActivities, DiagnosticListener hostingDiagnostics, JsonFastPathCounters counters)
    {
        _counters = counters;
        _services = [.. services];
        _targetPrefixes = [.. _services.Select(s => s.FastPathTargetPrefix.ToArray())];
        _options = options;
        _callLog = callLog;
        _hostingActivities = hostingActivities;
        _hostingDiagnostics = hostingDiagnostics;
    }

    /// <summary>The fast path with the services and telemetry sources of <paramref name="services"/>.</summary>
    public static JsonFastPath Create(IServiceProvider services) => new(
        services.GetServices<IAwsServiceEndpoint>().OfType<IJsonFastPathService>(),
        services.GetRequiredService<LocalAwsOptions>(),
        services.GetRequiredService<AwsCallLog>(),
        // ASP.NET Core's hosting layer starts its request activity from these two (registered by the web host).
        services.GetService<ActivitySource>() ?? new ActivitySource("Microsoft.AspNetCore"),
        services.GetService<DiagnosticListener>() ?? new DiagnosticListener("Microsoft.AspNetCore"),
        services.GetRequiredService<JsonFastPathCounters>());

    /// <summary>Kestrel's KeepAliveTimeout for the connections the fast path keeps (middleware or event loop): idle ones close after it.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>Kestrel's RequestHeadersTimeout for them: a request still arriving this long after it began is dropped with its connection.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a request now would become a traced request in Kestrel's HTTP server; then it must go there.</summary>
    private bool SomeoneTracesRequests => _hostingActivities.HasListeners() || _hostingDiagnostics.IsEnabled();

    /// <summary>Counts a connection that leaves the fast path for Kestrel's HTTP server.</summary>
    internal void CountHandOff() => Interlocked.Increment(ref _counters.ConnectionsHandedToKestrel);

    /// <summary>Counts a connection that the event loop accepted.</summary>
    internal void CountEventLoopConnection() => Interlocked.Increment(ref _counters.ConnectionsAcceptedByEventLoop);

    /// <summary>
    /// Serves a connection as a Kestrel connection middleware: the fast path's requests here, the rest by
    /// <paramref name="next"/> (Kestrel's HTTP server) from the first it does not take. On Linux the
    /// <see cref="Transport.EventLoopTransport"/> serves connections instead, below Kestrel's sockets too, unless
    /// <c>LocalAws:EventLoop=false</c>.
    /// </summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        // A server shutting down asks each connection to close: stop waiting for the next request.
        using var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(static reader => ((PipeReader)reader!).CancelPendingRead(), input);
        // Kestrel's heartbeat (once a second) holds the connection to Kestrel's timeouts, as its HTTP server would.
        var clock = new ConnectionClock(input, (long)KeepAliveTimeout.TotalMilliseconds, (long)RequestTimeout.TotalMilliseconds);
        connection.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(static state => ((ConnectionClock)state).CloseIfTimedOut(), clock);
        while (true)
        {
            var result = await input.ReadAsync();
            if (result.IsCanceled)
            {
                input.AdvanceTo(result.Buffer.Start);
                return;
            }
            var buffer = result.Buffer;
            var continuation = ServeBuffered(ref buffer, output);
            if (continuation == Continuation.HandToKestrel)
            {
                CountHandOff();
                clock.Stop();
                input.AdvanceTo(buffer.Start);
                await output.FlushAsync();
                await next(connection);
                return;
            }
            clock.Read(requestLeft: buffer.Length > 0);
            input.AdvanceTo(buffer.Start, buffer.End);
            await output.FlushAsync();
            // After the client stops sending, nothing more arrives, whether or not a request was left half sent.
            if (continuation == Continuation.Close || result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// When a middleware connection last received bytes and when its unfinished request began; Kestrel's heartbeat
    /// calls <see cref="CloseIfTimedOut"/> on another thread, which ends the connection's wait for its next read.
    /// </summary>
    private sealed class ConnectionClock(PipeReader input, long keepAliveMs, long requestMs)
    {
        private long _lastActivity = Environment.TickCount64;
        private long _requestStarted;
        private volatile bool _stopped;

        /// <summary>After a read: bytes arrived now, and a request is left unfinished or not.</summary>
        public void Read(bool requestLeft)
        {
            var now = Environment.TickCount64;
            Volatile.Write(ref _lastActivity, now);
            if (!requestLeft)
            {
                Volatile.Write(ref _requestStarted, 0);
            }
            else if (Volatile.Read(ref _requestStarted) == 0)
            {
                Volatile.Write(ref _requestStarted, now);
            }
        }

        /// <summary>The connection is Kestrel's HTTP server's now, with its own timeouts.</summary>
        public void Stop() => _stopped = true;

        public void CloseIfTimedOut()
        {
            if (_stopped)
            {
                return;
            }
            var now = Environment.TickCount64;
            var started = Volatile.Read(ref _requestStarted);
            if (started != 0 ? now - started > requestMs : now - Volatile.Read(ref _lastActivity) > keepAliveMs)
            {
                input.CancelPendingRead();
            }
        }
    }

    /// <summary>What the connection does after <see cref="ServeBuffered"/>.</summary>
    internal enum Continuation
    {
        ReadMore,
        Close,
        HandToKestrel,
    }

    /// <summary>Answers every whole request at the start of <paramref name="buffer"/> into <paramref name="output"/> and slices them off.</summary>
    internal Continuation ServeBuffered(ref ReadOnlySequence<byte> buffer, IBufferWriter<byte> output)
    {
        while (!buffer.IsEmpty)
        {
            if (SomeoneTracesRequests)
            {
                return Continuation.HandToKestrel;
            }
            switch (FastPathRequestHead.TryRead(buffer, _targetPrefixes, out var head))
            {
                case FastPathRequestHead.Outcome.NeedMoreData:
                    return Continuation.ReadMore;
                case FastPathRequestHead.Outcome.LeaveToKestrel:
                    return Continuation.HandToKestrel;
            }
            var length = (long)head.HeadLength + head.ContentLength;
            if (length > MaxRequestBytes)
            {
                return Continuation.HandToKestrel;
            }
            if (buffer.Length < length)
            {
                return Continuation.ReadMore;
            }
            if (!Serve(head, buffer.Slice(head.HeadLength, head.ContentLength), output))
            {
                return Continuation.HandToKestrel;
            }
            buffer = buffer.Slice(length);
            if (head.CloseConnection)
            {
                return Continuation.Close;
            }
        }
        return Continuation.ReadMore;
    }

    /// <summary>Answers one request into <paramref name="output"/>; false when its service declined it (nothing was written).</summary>
    private bool Serve(in FastPathRequestHead head, ReadOnlySequence<byte> body, IBufferWriter<byte> output)
    {
        var service = _services[head.Service];
        SigV4Credential? credential = null;
        string? credentialError = null;
        if (head.Authorization is { Length: > 0 } authorization && !SigV4Credential.TryParseAuthorizationHeader(authorization, out credential, out credentialError))
        {
            credential = null;
        }
        var request = new AwsRequestContext
        {
            Region = credential?.Region ?? _options.Region,
            AccountId = _options.AccountId,
            Credential = credential,
        };
        var response = ResponseBuffers.Rent();
        byte[]? copied = null;
        try
        {
            var bodyMemory = body.IsSingleSegment ? body.First : (copied = body.ToArray());
            var status = credentialError is not null
                ? service.RespondWithError(request, new AwsServiceException(400, "IncompleteSignatureException", credentialError), response)
                : service.Respond(new JsonProtocolRequest("POST", head.Target, head.ContentType, head.Host, bodyMemory), request, response);
            if (status == Declined)
            {
                return false;
            }
            WriteResponse(output, service, request, status, response.WrittenSpan, head.CloseConnection);
            _callLog.Record(new AwsCall(credential?.AccessKeyId, service.SigningName, request.Operation ?? "Unknown", request.ResourceName, status));
            Interlocked.Increment(ref _counters.RequestsServed);
            return true;
        }
        finally
        {
            ResponseBuffers.Return(response);
        }
    }

    /// <summary>The status line and headers as Kestrel writes them for the same response (order included), then the body.</summary>
    private static void WriteResponse(IBufferWriter<byte> output, IJsonFastPathService service, AwsRequestContext request, int status, ReadOnlySpan<byte> body, bool close)
    {
        var writer = new HeadWriter(output);
        writer.Write("HTTP/1.1 "u8);
        writer.WriteNumber((uint)status);
        writer.Write(" "u8);
        writer.WriteAscii(ReasonPhrases.GetReasonPhrase(status));
        writer.Write("\r\nContent-Length: "u8);
        writer.WriteNumber((uint)body.Length);
        if (close)
        {
            writer.Write("\r\nConnection: close"u8);
        }
        writer.Write("\r\nContent-Type: "u8);
        writer.WriteAscii(request.ResponseContentType ?? "application/x-amz-json-1.0");
        writer.Write("\r\nDate: "u8);
        writer.Write(HttpDate.Now());
        service.WriteFastPathHeaders(output, request, body);
        writer.Write("\r\n\r\n"u8);
        writer.Write(body);
    }

    /// <summary>Writes straight into the connection's output (its pipe, or the event loop's buffer).</summary>
    private ref struct HeadWriter(IBufferWriter<byte> output)
    {
        public readonly void Write(ReadOnlySpan<byte> bytes) => output.Write(bytes);

        public readonly void WriteAscii(string text)
        {
            var span = output.GetSpan(text.Length);
            var written = Encoding.ASCII.GetBytes(text, span);
            output.Advance(written);
        }

        public readonly void WriteNumber(uint value)
        {
            var span = output.GetSpan(10);
            Utf8Formatter.TryFormat(value, span, out var written);
            output.Advance(written);
        }
    }

    /// <summary>The Date header's value, formatted once a second (as Kestrel does).</summary>
    private static class HttpDate
    {
        private sealed record Formatted(long Second, byte[] Value);

        private static Formatted? _current;

        public static ReadOnlySpan<byte> Now()
        {
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            var current = _current;
            if (current is null || current.Second != second)
            {
                current = new Formatted(second, Encoding.ASCII.GetBytes(now.ToString("R", CultureInfo.InvariantCulture)));
                _current = current;
            }
            return current.Value;
        }
    }
}

/// <summary>What the <see cref="JsonFastPath"/> has done in this process: the evidence that it serves (tests, the UI).</summary>
public sealed class JsonFastPathCounters
{
    /// <summary>Requests answered by the fast path.</summary>
    public long RequestsServed;

    /// <summary>Connections handed to Kestrel's HTTP server (at their first request, or at the first the fast path does not take).</summary>
    public long ConnectionsHandedToKestrel;

    /// <summary>Connections accepted by LocalAws's own <see cref="Transport.EventLoop"/> rather than by Kestrel's socket transport.</summary>
    public long ConnectionsAcceptedByEventLoop;
}
