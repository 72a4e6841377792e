using System.Collections.Concurrent;

namespace Shop.LocalAws.ApiGateway;

/// <summary>An HTTP API route (<c>GET /api/products/{productId}</c>, <c>ANY /{proxy+}</c>, <c>$default</c>) and the function it invokes.</summary>
/// <remarks>See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html</remarks>
public sealed record HttpApiRoute(string RouteId, string RouteKey, string FunctionName, int IntegrationTimeoutMillis = 30_000);

/// <summary>An HTTP API (API Gateway v2, protocol HTTP) with its routes and stages.</summary>
public sealed record HttpApi(string ApiId, string Name)
{
    public ConcurrentDictionary<string, HttpApiRoute> Routes { get; } = new(StringComparer.Ordinal);

    /// <summary>Stage names; <c>$default</c> serves the API at its root.</summary>
    public ConcurrentDictionary<string, bool> Stages { get; } = new(StringComparer.Ordinal);
}

/// <summary>The HTTP APIs provisioned from the template.</summary>
public sealed class HttpApiRegistry
{
    private readonly ConcurrentDictionary<string, HttpApi> _apis = new(StringComparer.Ordinal);

    public HttpApi Add(string apiId, string name) => _apis.GetOrAdd(apiId, id => new HttpApi(id, name));

    public HttpApi? Find(string apiId) => _apis.GetValueOrDefault(apiId);

    public IReadOnlyList<HttpApi> List() => [.. _apis.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];
}
