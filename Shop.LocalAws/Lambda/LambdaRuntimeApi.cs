using System.Globalization;
using System.Text.Json;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// The Lambda Runtime API that execution environments poll, one base per function so one LocalAws serves them all:
/// <c>AWS_LAMBDA_RUNTIME_API=localhost:4566/_lambda/{function}</c>, then <c>/2018-06-01/runtime/invocation/next</c>,
/// <c>.../invocation/{id}/response</c>, <c>.../invocation/{id}/error</c> and <c>/2018-06-01/runtime/init/error</c>.
/// It also answers the local runner's supervisor at <c>/_lambda/{function}/_supervisor/demand</c>.
/// See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
/// </summary>
public sealed class LambdaRuntimeApi(LambdaFunctionRegistry registry, TimeProvider time, ILogger<LambdaRuntimeApi> logger)
{
    public const string PathPrefix = "/_lambda";

    /// <summary>Lambda's limit on a synchronous response payload (6 MB).</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private const string Version = "2018-06-01";

    public async Task HandleAsync(HttpContext context)
    {
        // /_lambda/{function}/2018-06-01/runtime/...
        var segments = context.Request.Path.Value![PathPrefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var function = segments.Length > 0 ? registry.Find(Uri.UnescapeDataString(segments[0])) : null;
        if (function is null)
        {
            await WriteErrorAsync(context, 404, "ResourceNotFound", "No function is registered at this Runtime API address.");
            return;
        }
        var rest = segments[1..];
        var method = context.Request.Method;
        switch (rest)
        {
            case ["_supervisor", "demand"] when HttpMethods.IsGet(method):
                await DemandAsync(context, function);
                return;
            case [Version, "runtime", "invocation", "next"] when HttpMethods.IsGet(method):
                await NextAsync(context, function);
                return;
            case [Version, "runtime", "invocation", var requestId, "response"] when HttpMethods.IsPost(method):
                await ResponseAsync(context, function, requestId);
                return;
            case [Version, "runtime", "invocation", var requestId, "error"] when HttpMethods.IsPost(method):
                await InvocationErrorAsync(context, function, requestId);
                return;
            case [Version, "runtime", "init", "error"] when HttpMethods.IsPost(method):
                await InitErrorAsync(context, function);
                return;
            default:
                await WriteErrorAsync(context, 404, "InvalidRequest", "Unknown Runtime API path.");
                return;
        }
    }

    private async Task NextAsync(HttpContext context, LambdaFunctionQueue function)
    {
        LambdaInvocation invocation;
        try
        {
            invocation = await function.TakeNextAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the environment went away while idle
        }
        var configuration = function.Configuration;
        var deadline = time.GetUtcNow().AddSeconds(configuration.Timeout);
        invocation.Deadline = deadline;
        _ = EnforceDeadlineAsync(function, invocation, configuration.Timeout);

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = configuration.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = LambdaTraceHeader.Format(invocation.Parent);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = invocation.Payload.Length;
        await context.Response.Body.WriteAsync(invocation.Payload, CancellationToken.None);
    }

    private async Task EnforceDeadlineAsync(LambdaFunctionQueue function, LambdaInvocation invocation, int timeoutSeconds)
    {
        await Task.WhenAny(invocation.Completion.Task, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds), time));
        var message = $"RequestId: {invocation.RequestId} Error: Task timed out after {timeoutSeconds:0.00} seconds";
        if (function.Complete(invocation, LambdaInvocationResult.Error("Sandbox.Timedout", message)))
        {
            logger.LogWarning("{Function} {RequestId} Task timed out after {Timeout:0.00} seconds", function.Configuration.FunctionName, invocation.RequestId, timeoutSeconds);
        }
    }

    private async Task ResponseAsync(HttpContext context, LambdaFunctionQueue function, string requestId)
    {
        if (!function.TryGetInFlight(requestId, out var invocation))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        var body = await LimitedBody.ReadAsync(context.Request, MaxResponseBytes, context.RequestAborted);
        if (body is null)
        {
            function.Complete(invocation, LambdaInvocationResult.Error("Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes)."));
            await WriteErrorAsync(context, 413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");
            return;
        }
        if (!function.Complete(invocation, new LambdaInvocationResult(body, null)))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        await WriteAcceptedAsync(context);
    }

    private async Task InvocationErrorAsync(HttpContext context, LambdaFunctionQueue function, string requestId)
    {
        if (!function.TryGetInFlight(requestId, out var invocation))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        var result = ErrorResult(await LimitedBody.ReadAsync(context.Request, MaxResponseBytes, context.RequestAborted), context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString());
        if (!function.Complete(invocation, result))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        await WriteAcceptedAsync(context);
    }

    private async Task InitErrorAsync(HttpContext context, LambdaFunctionQueue function)
    {
        var result = ErrorResult(await LimitedBody.ReadAsync(context.Request, MaxResponseBytes, context.RequestAborted), context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString());
        var failed = function.FailPending(result);
        logger.LogError("{Function} failed to initialize ({Failed} waiting invocations failed): {Error}",
            function.Configuration.FunctionName, failed, System.Text.Encoding.UTF8.GetString(result.Payload));
        await WriteAcceptedAsync(context);
    }

    private static async Task DemandAsync(HttpContext context, LambdaFunctionQueue function)
    {
        var known = long.TryParse(context.Request.Query["version"], CultureInfo.InvariantCulture, out var version) ? version : -1;
        try
        {
            await function.WaitForChangeAsync(known, TimeSpan.FromSeconds(20), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var demand = function.Demand;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, long>
        {
            ["version"] = demand.Version,
            ["pending"] = demand.Pending,
            ["idle"] = demand.Idle,
            ["busy"] = demand.Busy,
        }));
    }

    /// <summary>An error document as the runtime posted it; a body that is not a JSON object is wrapped as Lambda does.</summary>
    private static LambdaInvocationResult ErrorResult(byte[]? body, string errorTypeHeader)
    {
        if (body is { Length: > 0 })
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return new LambdaInvocationResult(body, "Unhandled");
                }
            }
            catch (JsonException)
            {
            }
        }
        return LambdaInvocationResult.Error(errorTypeHeader.Length > 0 ? errorTypeHeader : "Runtime.Unknown", "The runtime reported an error without a JSON error document.");
    }

    private static Task WriteAcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"status":"OK"}""");
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["errorMessage"] = message,
            ["errorType"] = errorType,
        }));
    }
}
