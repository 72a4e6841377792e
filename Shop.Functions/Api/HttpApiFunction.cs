using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Shop.Functions.Api;

/// <summary>A route's work: the API Gateway request in, the response out.</summary>
public delegate Task<ApiGatewayHttpResponse> RouteHandler(ApiGatewayHttpRequest request, CancellationToken cancellationToken);

/// <summary>
/// The common shell of the HTTP API functions: read the payload-2.0 event, dispatch on its route key, turn refusals
/// into <c>{error:{code, message}}</c> responses, write the response. One span per invocation on <see cref="ShopTelemetry"/>.
/// </summary>
public abstract partial class HttpApiFunction
{
    private readonly IReadOnlyDictionary<string, RouteHandler> _routes;
    private readonly ILogger _logger;

    protected HttpApiFunction(ShopServices services)
    {
        Services = services;
        _logger = services.LoggerFactory.CreateLogger(GetType().Name);
        _routes = MapRoutes();
    }

    protected ShopServices Services { get; }

    /// <summary>The route keys this function serves, exactly as the template's RouteKeys name them.</summary>
    public IReadOnlyCollection<string> RouteKeys => _routes.Keys.ToList();

    /// <summary>The environment variables this function reads (checked against its template entry).</summary>
    public abstract IReadOnlyCollection<string> EnvironmentVariables { get; }

    protected abstract IReadOnlyDictionary<string, RouteHandler> MapRoutes();

    public async Task<Stream> Handle(Stream input)
    {
        var request = await LambdaStreams.ReadAsync(input, ShopJsonContext.Default.ApiGatewayHttpRequest);
        return await LambdaStreams.WriteAsync(await HandleAsync(request, CancellationToken.None), ShopJsonContext.Default.ApiGatewayHttpResponse);
    }

    public async Task<ApiGatewayHttpResponse> HandleAsync(ApiGatewayHttpRequest request, CancellationToken cancellationToken)
    {
        var routeKey = request.RouteKey ?? request.RequestContext?.RouteKey ?? "";
        using var activity = ShopTelemetry.Source.StartActivity(GetType().Name + " " + routeKey, ActivityKind.Server);
        activity?.SetTag("http.route", routeKey);
        activity?.SetTag("http.request.method", request.RequestContext?.Http?.Method);
        activity?.SetTag("faas.invocation_id", request.RequestContext?.RequestId);

        ApiGatewayHttpResponse response;
        if (!_routes.TryGetValue(routeKey, out var route))
        {
            response = ApiResponses.Error(404, "route_not_found", $"This function does not serve '{routeKey}'.");
        }
        else
        {
            try
            {
                response = await route(request, cancellationToken);
            }
            catch (ShopException refusal)
            {
                response = ApiResponses.Error(refusal);
            }
            catch (Exception error)
            {
                // Bad input never gets here (it is a ShopException); this is a fault of ours or of a dependency.
                LogFault(error, routeKey);
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                response = ApiResponses.Error(500, "internal_error", "The request could not be completed; try again.");
            }
        }
        activity?.SetTag("http.response.status_code", response.StatusCode);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {RouteKey} failed")]
    private partial void LogFault(Exception error, string routeKey);
}
