using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Functions.Api;

/// <summary>Reading what a shopper sent: headers, path and query values, and a size-limited JSON body.</summary>
public static class ApiRequests
{
    /// <summary>Every body this API accepts is a few hundred bytes; anything past this is refused with 413.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static string? Header(this ApiGatewayHttpRequest request, string name)
    {
        if (request.Headers is null)
        {
            return null;
        }
        // API Gateway lower-cases header names; tolerate callers that do not.
        foreach (var (key, value) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    public static string? Query(this ApiGatewayHttpRequest request, string name) =>
        request.QueryStringParameters is not null && request.QueryStringParameters.TryGetValue(name, out var value) ? value : null;

    public static string PathParameter(this ApiGatewayHttpRequest request, string name) =>
        request.PathParameters is not null && request.PathParameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new ShopException(ShopErrorKind.Malformed, "missing_path_parameter", $"The path must name a {name}.");

    /// <summary>The JSON body as <typeparamref name="T"/>: 413 when too large, 400 when not JSON of that shape.</summary>
    public static T ReadJson<T>(this ApiGatewayHttpRequest request, JsonTypeInfo<T> typeInfo) where T : class
    {
        var bytes = BodyBytes(request);
        if (bytes.Length == 0)
        {
            throw new ShopException(ShopErrorKind.Malformed, "missing_body", "The request needs a JSON body.");
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new ShopException(ShopErrorKind.Malformed, "malformed_json", "The body must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw new ShopException(ShopErrorKind.Malformed, "malformed_json", "The body is not valid JSON for this request: " + error.Message);
        }
    }

    private static byte[] BodyBytes(ApiGatewayHttpRequest request)
    {
        var body = request.Body;
        if (string.IsNullOrEmpty(body))
        {
            return [];
        }
        // Refuse on the encoded length first, so a huge body is never decoded.
        var limit = request.IsBase64Encoded ? (MaxBodyBytes + 2) / 3 * 4 : MaxBodyBytes * 3;
        if (body.Length > limit)
        {
            throw TooLarge();
        }
        byte[] bytes;
        if (request.IsBase64Encoded)
        {
            try
            {
                bytes = Convert.FromBase64String(body);
            }
            catch (FormatException)
            {
                throw new ShopException(ShopErrorKind.Malformed, "malformed_body", "The body is marked base64 but is not.");
            }
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(body);
        }
        return bytes.Length > MaxBodyBytes ? throw TooLarge() : bytes;
    }

    private static ShopException TooLarge() =>
        new(ShopErrorKind.PayloadTooLarge, "payload_too_large", $"The body must be at most {MaxBodyBytes} bytes.");
}
