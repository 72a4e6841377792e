using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Shop.LocalAws.Lambda;

namespace Shop.LocalAws.LambdaRunner;

/// <summary>
/// One execution environment: initializes the handler once, then loops on the Lambda Runtime API
/// (<c>next</c> → invoke → <c>response</c> or <c>error</c>), one invocation at a time, printing Lambda's
/// START/END/REPORT lines. An invocation that outlives its deadline ends the process, as Lambda ends the environment.
/// See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
/// </summary>
internal static class RuntimeWorker
{
    public static readonly ActivitySource Source = new("Shop.LocalAws.Lambda");
    private const string RuntimePath = "/2018-06-01/runtime";

    public static async Task<int> RunAsync(string[] args)
    {
        var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        var handlerName = Environment.GetEnvironmentVariable("_HANDLER");
        var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT");
        var functionName = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "function";
        var memorySize = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE") ?? "128";
        if (runtimeApi is null || handlerName is null || taskRoot is null)
        {
            Console.Error.WriteLine("AWS_LAMBDA_RUNTIME_API, _HANDLER and LAMBDA_TASK_ROOT must be set (or run with --supervise).");
            return 2;
        }
        WatchParent(args);

        var baseUri = new Uri($"http://{runtimeApi.TrimEnd('/')}{RuntimePath}/");
        using var tracing = CreateTracing(functionName, baseUri);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        var initStarted = Stopwatch.GetTimestamp();
        FunctionHandler handler;
        try
        {
            handler = FunctionHandler.Load(handlerName, taskRoot);
        }
        catch (Exception error)
        {
            var errorType = error is FunctionInitException init ? init.ErrorType : error.GetType().Name;
            Console.Error.WriteLine($"INIT_REPORT Init Duration: {Stopwatch.GetElapsedTime(initStarted).TotalMilliseconds:0.00} ms\tPhase: init\tStatus: error\tError Type: {errorType}");
            Console.Error.WriteLine(error);
            await PostAsync(http, new Uri(baseUri, "init/error"), ErrorDocument(errorType, error), errorType);
            return 1;
        }
        var initDuration = Stopwatch.GetElapsedTime(initStarted);
        var coldStart = true;

        while (true)
        {
            using var next = await http.GetAsync(new Uri(baseUri, "invocation/next"), HttpCompletionOption.ResponseHeadersRead);
            if (!next.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"The Runtime API answered {(int)next.StatusCode} to next: {await next.Content.ReadAsStringAsync()}");
                return 1;
            }
            var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id")!;
            var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Header(next, "Lambda-Runtime-Deadline-Ms")!, CultureInfo.InvariantCulture));
            var traceHeader = Header(next, "Lambda-Runtime-Trace-Id");
            var payload = await next.Content.ReadAsByteArrayAsync();
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", traceHeader);

            Console.WriteLine($"START RequestId: {requestId} Version: $LATEST");
            var started = Stopwatch.GetTimestamp();
            using (var activity = StartInvocationSpan(functionName, requestId, Header(next, "Lambda-Runtime-Invoked-Function-Arn"), traceHeader, coldStart))
            {
                var invocation = InvokeAsync(handler, payload);
                var remaining = deadline - DateTimeOffset.UtcNow;
                if (await Task.WhenAny(invocation, Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero)) != invocation)
                {
                    var timeout = Argument(args, "--timeout") is { } seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : Math.Round((deadline - DateTimeOffset.UtcNow).TotalSeconds + Stopwatch.GetElapsedTime(started).TotalSeconds);
                    Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {requestId} Task timed out after {timeout:0.00} seconds");
                    activity?.SetStatus(ActivityStatusCode.Error, "Task timed out");
                    activity?.Dispose();
                    Report(requestId, started, memorySize, coldStart ? initDuration : null, "timeout");
                    tracing?.ForceFlush(2000);
                    // Lambda ends the execution environment after a timeout; the supervisor starts a fresh one when needed.
                    Environment.Exit(1);
                }
                var (response, error) = await invocation;
                if (error is null)
                {
                    await PostAsync(http, new Uri(baseUri, $"invocation/{requestId}/response"), response!, null);
                }
                else
                {
                    activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                    activity?.AddException(error);
                    Console.Error.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\t{requestId}\tfail\t{error}");
                    await PostAsync(http, new Uri(baseUri, $"invocation/{requestId}/error"), ErrorDocument(error.GetType().Name, error), error.GetType().Name);
                }
            }
            Console.WriteLine($"END RequestId: {requestId}");
            Report(requestId, started, memorySize, coldStart ? initDuration : null, null);
            coldStart = false;
        }
    }

    private static async Task<(byte[]? Response, Exception? Error)> InvokeAsync(FunctionHandler handler, byte[] payload)
    {
        try
        {
            using var input = new MemoryStream(payload, writable: false);
            await using var output = await handler.InvokeAsync(input);
            if (output is null)
            {
                return ([], null);
            }
            using var buffer = new MemoryStream();
            await output.CopyToAsync(buffer);
            return (buffer.ToArray(), null);
        }
        catch (Exception error)
        {
            return (null, error);
        }
    }

    private static Activity? StartInvocationSpan(string functionName, string requestId, string? functionArn, string? traceHeader, bool coldStart)
    {
        var parent = LambdaTraceHeader.TryParse(traceHeader, out var context) ? context.Value : default;
        var activity = Source.StartActivity(functionName, ActivityKind.Server, parent);
        activity?.SetTag("faas.invocation_id", requestId);
        activity?.SetTag("faas.coldstart", coldStart);
        activity?.SetTag("faas.name", functionName);
        activity?.SetTag("cloud.provider", "aws");
        activity?.SetTag("cloud.resource_id", functionArn);
        return activity;
    }

    private static void Report(string requestId, long started, string memorySize, TimeSpan? initDuration, string? status)
    {
        var duration = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var maxMemory = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {requestId}\tDuration: {duration:0.00} ms\tBilled Duration: {Math.Ceiling(duration):0} ms\tMemory Size: {memorySize} MB\tMax Memory Used: {maxMemory} MB");
        if (initDuration is { } init)
        {
            line.Append(CultureInfo.InvariantCulture, $"\tInit Duration: {init.TotalMilliseconds:0.00} ms");
        }
        if (status is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $"\tStatus: {status}");
        }
        Console.WriteLine(line.ToString());
    }

    /// <summary>The error document Lambda's runtimes post: errorType, errorMessage and the stack trace as lines.</summary>
    private static byte[] ErrorDocument(string errorType, Exception error) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["errorType"] = errorType,
        ["errorMessage"] = error.Message,
        ["stackTrace"] = (error.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
    });

    private static async Task PostAsync(HttpClient http, Uri uri, byte[] body, string? errorType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        }
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"The Runtime API answered {(int)response.StatusCode} to {uri.AbsolutePath}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>
    /// Traces to the OTLP endpoint the AppHost gives (OTEL_EXPORTER_OTLP_*), under the function's name: the invocation
    /// span continues the caller's trace, and the function's AWS SDK calls are HttpClient spans beneath it.
    /// </summary>
    private static TracerProvider? CreateTracing(string functionName, Uri runtimeApi)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? functionName))
            .AddSource("Shop.*")
            .AddHttpClientInstrumentation(options =>
            {
                options.FilterHttpRequestMessage = request =>
                    request.RequestUri is not { } uri || uri.Authority != runtimeApi.Authority || !uri.AbsolutePath.StartsWith(runtimeApi.AbsolutePath, StringComparison.Ordinal);
                options.EnrichWithHttpRequestMessage = AwsClientSpans.Enrich;
            })
            .AddOtlpExporter()
            .Build();
    }

    /// <summary>A worker started by a supervisor ends when the supervisor is gone, even if the supervisor was killed.</summary>
    private static void WatchParent(string[] args)
    {
        if (!int.TryParse(Argument(args, "--parent-pid"), CultureInfo.InvariantCulture, out var parentId))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                try
                {
                    using var parent = Process.GetProcessById(parentId);
                    if (parent.HasExited)
                    {
                        Environment.Exit(0);
                    }
                }
                catch (ArgumentException)
                {
                    Environment.Exit(0);
                }
            }
        });
    }
}
