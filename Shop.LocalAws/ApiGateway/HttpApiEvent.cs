using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Shop.LocalAws.ApiGateway;

/// <summary>
/// Builds the payload format 2.0 event an HTTP API sends to a Lambda proxy integration, and maps the function's
/// answer back to an HTTP response (a JSON object with <c>statusCode</c>, or any other valid JSON as a 200 body).
/// See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
/// </summary>
public static class HttpApiEvent
{
    private static readonly string[] TextMediaTypes = ["text/", "application/json", "application/javascript", "application/xml", "application/x-www-form-urlencoded", "+json", "+xml"];

    public sealed record RequestFacts(string ApiId, string Stage, string RequestId, string Path, string SourceIp, DateTimeOffset Time, string AccountId, string? TraceHeader);

    public static JsonObject Build(HttpRequest request, HttpApiRouteMatch match, RequestFacts facts, byte[] body)
    {
        var host = request.Host.Host is { Length: > 0 } name ? name : "localhost";
        var headers = new JsonObject();
        foreach (var (key, values) in request.Headers)
        {
            var lower = key.ToLowerInvariant();
            if (lower is "cookie")
            {
                continue;
            }
            headers[lower] = string.Join(',', values.Where(v => v is not null));
        }
        headers["x-forwarded-for"] = headers["x-forwarded-for"] is { } forwarded ? $"{forwarded}, {facts.SourceIp}" : facts.SourceIp;
        headers["x-forwarded-port"] ??= (request.Host.Port ?? (request.IsHttps ? 443 : 80)).ToString(CultureInfo.InvariantCulture);
        headers["x-forwarded-proto"] ??= request.Scheme;
        if (facts.TraceHeader is not null)
        {
            headers["x-amzn-trace-id"] = facts.TraceHeader;
        }

        var result = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = match.Route.RouteKey,
            ["rawPath"] = facts.Path,
            ["rawQueryString"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
        };
        var cookies = request.Headers.Cookie.SelectMany(c => (c ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (cookies.Count > 0)
        {
            result["cookies"] = new JsonArray([.. cookies.Select(c => (JsonNode?)c)]);
        }
        result["headers"] = headers;
        if (request.QueryString.HasValue)
        {
            var query = new JsonObject();
            foreach (var (key, values) in QueryHelpers.ParseQuery(request.QueryString.Value))
            {
                query[key] = string.Join(',', values.Where(v => v is not null));
            }
            result["queryStringParameters"] = query;
        }
        result["requestContext"] = new JsonObject
        {
            ["accountId"] = facts.AccountId,
            ["apiId"] = facts.ApiId,
            ["domainName"] = host,
            ["domainPrefix"] = host.Split('.')[0],
            ["http"] = new JsonObject
            {
                ["method"] = request.Method,
                ["path"] = facts.Path,
                ["protocol"] = request.Protocol,
                ["sourceIp"] = facts.SourceIp,
                ["userAgent"] = request.Headers.UserAgent.ToString(),
            },
            ["requestId"] = facts.RequestId,
            ["routeKey"] = match.Route.RouteKey,
            ["stage"] = facts.Stage,
            ["time"] = facts.Time.ToUniversalTime().ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
            ["timeEpoch"] = facts.Time.ToUnixTimeMilliseconds(),
        };
        if (match.PathParameters.Count > 0)
        {
            result["pathParameters"] = new JsonObject(match.PathParameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }
        var isBinary = body.Length > 0 && !IsText(request.ContentType);
        if (body.Length > 0)
        {
            result["body"] = isBinary ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body);
        }
        result["isBase64Encoded"] = isBinary;
        return result;
    }

    private static bool IsText(string? contentType) =>
        contentType is null || TextMediaTypes.Any(t => contentType.Contains(t, StringComparison.OrdinalIgnoreCase));

    /// <summary>The HTTP response for a function's answer, or null when the answer is not a valid response (API Gateway's 502).</summary>
    public static MappedResponse? MapResponse(byte[] payload)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        if (parsed is not JsonObject obj || !obj.ContainsKey("statusCode"))
        {
            // Valid JSON without a statusCode is the body of a 200.
            return new MappedResponse(200, [new("content-type", "application/json")], payload);
        }
        if (obj["statusCode"] is not JsonValue status || !status.TryGetValue<int>(out var statusCode) || statusCode is < 100 or > 599)
        {
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in obj["headers"] as JsonObject ?? [])
        {
            if (value is JsonValue scalar)
            {
                headers.Add(new(key, scalar.TryGetValue<string>(out var text) ? text : scalar.ToJsonString()));
            }
        }
        foreach (var cookie in obj["cookies"] as JsonArray ?? [])
        {
            if (cookie?.GetValue<string>() is { } text)
            {
                headers.Add(new("set-cookie", text));
            }
        }
        var bodyText = obj["body"] switch
        {
            null => string.Empty,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var other => other.ToJsonString(),
        };
        var base64 = obj["isBase64Encoded"] is JsonValue flag && flag.TryGetValue<bool>(out var encoded) && encoded;
        byte[] body;
        try
        {
            body = base64 ? Convert.FromBase64String(bodyText) : Encoding.UTF8.GetBytes(bodyText);
        }
        catch (FormatException)
        {
            return null;
        }
        return new MappedResponse(statusCode, headers, body);
    }

    public sealed record MappedResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
}
