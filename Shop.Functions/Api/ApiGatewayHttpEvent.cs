namespace Shop.Functions.Api;

// API Gateway HTTP API events and responses, payload format version 2.0, named as AWS documents them.
// See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html

/// <summary>The event an HTTP API sends to a Lambda proxy integration (payload 2.0).</summary>
public sealed record ApiGatewayHttpRequest
{
    public string? Version { get; init; }

    /// <summary>The matched route, e.g. <c>GET /api/products/{productId}</c>.</summary>
    public string? RouteKey { get; init; }

    public string? RawPath { get; init; }
    public string? RawQueryString { get; init; }
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>Header names arrive lower-cased; repeated headers are joined with commas.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }
    public ApiGatewayRequestContext? RequestContext { get; init; }
    public string? Body { get; init; }
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }
    public bool IsBase64Encoded { get; init; }
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }
}

public sealed record ApiGatewayRequestContext
{
    public string? AccountId { get; init; }
    public string? ApiId { get; init; }
    public string? DomainName { get; init; }
    public string? DomainPrefix { get; init; }
    public ApiGatewayHttpDescription? Http { get; init; }
    public string? RequestId { get; init; }
    public string? RouteKey { get; init; }
    public string? Stage { get; init; }
    public string? Time { get; init; }
    public long TimeEpoch { get; init; }
}

public sealed record ApiGatewayHttpDescription
{
    public string? Method { get; init; }
    public string? Path { get; init; }
    public string? Protocol { get; init; }
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
}

/// <summary>What a Lambda proxy integration answers (payload 2.0).</summary>
public sealed record ApiGatewayHttpResponse
{
    public required int StatusCode { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}
