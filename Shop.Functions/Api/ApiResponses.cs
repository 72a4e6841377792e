using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Functions.Api;

/// <summary>Builds HTTP API responses: JSON bodies, and the <c>{error:{code, message}}</c> shape for refusals.</summary>
public static class ApiResponses
{
    private static readonly IReadOnlyDictionary<string, string> JsonHeaders = new Dictionary<string, string>
    {
        ["content-type"] = "application/json; charset=utf-8",
        ["cache-control"] = "no-store",
    };

    public static ApiGatewayHttpResponse Json<T>(int statusCode, T body, JsonTypeInfo<T> typeInfo, IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        StatusCode = statusCode,
        Headers = headers ?? JsonHeaders,
        Body = JsonSerializer.Serialize(body, typeInfo),
    };

    public static int StatusOf(ShopErrorKind kind) => kind switch
    {
        ShopErrorKind.Malformed => 400,
        ShopErrorKind.Unauthorized => 401,
        ShopErrorKind.Forbidden => 403,
        ShopErrorKind.NotFound => 404,
        ShopErrorKind.Conflict => 409,
        ShopErrorKind.PayloadTooLarge => 413,
        ShopErrorKind.Invalid => 422,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ApiGatewayHttpResponse Error(ShopException error)
    {
        var response = Error(StatusOf(error.Kind), error.Code, error.Message);
        return error.Kind == ShopErrorKind.Unauthorized
            ? response with { Headers = new Dictionary<string, string>(response.Headers!) { ["www-authenticate"] = "Bearer" } }
            : response;
    }

    public static ApiGatewayHttpResponse Error(int statusCode, string code, string message) =>
        Json(statusCode, new ErrorBody(new ErrorDetail(code, message)), ShopJsonContext.Default.ErrorBody);
}
