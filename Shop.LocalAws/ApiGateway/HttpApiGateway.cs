using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Shop.LocalAws.Lambda;

namespace Shop.LocalAws.ApiGateway;

/// <summary>
/// Serves the HTTP APIs at <c>http://localhost:4566/_aws/execute-api/{apiId}/...</c> (LocalStack's form) and at
/// <c>http://{apiId}.execute-api.localhost:4566/...</c>: matches the route, invokes the integration's function with
/// a payload 2.0 event and maps its answer, answering with API Gateway's own errors (404 Not Found, 413, 502, 503).
/// See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
/// </summary>
public sealed class HttpApiGateway(HttpApiRegistry apis, LambdaFunctionRegistry functions, LambdaInvoker invoker, LocalAwsOptions options, TimeProvider time, ILogger<HttpApiGateway> logger)
{
    public const string PathPrefix = "/_aws/execute-api";
    private const string HostSuffix = ".execute-api.localhost";

    /// <summary>HTTP APIs accept request payloads up to 10 MB.</summary>
    public const int MaxRequestBytes = 10 * 1024 * 1024;

    public static bool Claims(HttpRequest request) =>
        request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal)
        || request.Host.Host.EndsWith(HostSuffix, StringComparison.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string apiId;
        string path;
        if (request.Host.Host.EndsWith(HostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            apiId = request.Host.Host[..^HostSuffix.Length];
            path = request.Path.Value ?? "/";
        }
        else
        {
            var rest = request.Path.Value![PathPrefix.Length..].TrimStart('/');
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            apiId = slash < 0 ? rest : rest[..slash];
            path = slash < 0 ? "/" : rest[slash..];
        }
        var requestId = NewRequestId();
        context.Response.Headers["apigw-requestid"] = requestId;

        var api = apis.Find(apiId);
        if (api is null || !TrySelectStage(api, ref path, out var stage))
        {
            await WriteMessageAsync(context, 404, "Not Found");
            return;
        }
        var body = await LimitedBody.ReadAsync(request, MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            await WriteMessageAsync(context, 413, "Request Entity Too Large");
            return;
        }
        var match = HttpApiRouteMatcher.Match(api.Routes.Values, request.Method, path);
        if (match is null)
        {
            await WriteMessageAsync(context, 404, "Not Found");
            return;
        }
        var function = functions.Find(match.Route.FunctionName);
        if (function is null)
        {
            logger.LogError("Route {RouteKey} of API {ApiId} targets unknown function {Function}", match.Route.RouteKey, api.ApiId, match.Route.FunctionName);
            await WriteMessageAsync(context, 500, "Internal Server Error");
            return;
        }
        if (Activity.Current is { } current)
        {
            // OpenTelemetry's http.route is the path template alone; the route key also names the method.
            var route = RoutePath(match.Route.RouteKey);
            current.SetTag("http.route", route);
            current.DisplayName = $"{request.Method} {route} ({api.Name})";
        }

        var apiEvent = HttpApiEvent.Build(request, match, new HttpApiEvent.RequestFacts(
            api.ApiId, stage, requestId, path, context.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? IPAddress.Loopback.ToString(),
            time.GetUtcNow(), options.AccountId, Activity.Current is { } activity ? LambdaTraceHeader.Format(activity.Context) : null), body);

        LambdaInvocationResult result;
        try
        {
            result = await invoker.InvokeAsync(function, Encoding.UTF8.GetBytes(apiEvent.ToJsonString()), context.RequestAborted)
                .WaitAsync(TimeSpan.FromMilliseconds(match.Route.IntegrationTimeoutMillis), context.RequestAborted);
        }
        catch (TimeoutException)
        {
            await WriteMessageAsync(context, 503, "Service Unavailable");
            return;
        }
        var mapped = result.Failed ? null : HttpApiEvent.MapResponse(result.Payload);
        if (mapped is null)
        {
            if (!result.Failed)
            {
                logger.LogWarning("{Function} returned a response API Gateway cannot map: {Payload}", function.Configuration.FunctionName, Encoding.UTF8.GetString(result.Payload));
            }
            await WriteMessageAsync(context, 502, "Internal Server Error");
            return;
        }
        context.Response.StatusCode = mapped.StatusCode;
        foreach (var (name, value) in mapped.Headers)
        {
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase) || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            context.Response.Headers.Append(name, value);
        }
        context.Response.ContentLength = mapped.Body.Length;
        await context.Response.Body.WriteAsync(mapped.Body, context.RequestAborted);
    }

    /// <summary>A named stage is the first path segment; otherwise the <c>$default</c> stage serves the root.</summary>
    private static bool TrySelectStage(HttpApi api, ref string path, out string stage)
    {
        var first = path.TrimStart('/').Split('/')[0];
        if (first.Length > 0 && first != "$default" && api.Stages.ContainsKey(first))
        {
            stage = first;
            path = path.TrimStart('/').Length == first.Length ? "/" : path.TrimStart('/')[first.Length..];
            return true;
        }
        stage = "$default";
        return api.Stages.ContainsKey("$default");
    }

    // API Gateway's request ids look like "JKJaXmPLvHcESHA=".
    private static string NewRequestId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(10));

    private static Task WriteMessageAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"message":"{{message}}"}""");
    }

    /// <summary>The path template of a route key: <c>GET /items/{id}</c> is <c>/items/{id}</c>; <c>$default</c> stays as it is.</summary>
    internal static string RoutePath(string routeKey) => routeKey.IndexOf(' ') is var space and >= 0 ? routeKey[(space + 1)..] : routeKey;
}
