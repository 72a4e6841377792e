using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>One SQS JSON-protocol exchange at the HTTP level.</summary>
public sealed record SqsWireResponse(HttpStatusCode Status, string? QueryError, string Body)
{
    public JsonObject? Json => Body.Length == 0 ? null : JsonNode.Parse(Body) as JsonObject;

    /// <summary>The error shape without its namespace (<c>QueueDoesNotExist</c>), or null for a success.</summary>
    public string? ErrorType => Json?["__type"]?.GetValue<string>() is { } type ? type[(type.IndexOf('#') + 1)..] : null;
}

/// <summary>Sends raw SQS JSON-protocol requests, as an SDK would but without its checks, for wire and differential tests.</summary>
public static class SqsWire
{
    public static async Task<SqsWireResponse> PostAsync(HttpClient http, string operation, string body, string contentType = "application/x-amz-json-1.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + operation);
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDWIRE/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-target, Signature=00");
        using var response = await http.SendAsync(request);
        var queryError = response.Headers.TryGetValues("x-amzn-query-error", out var values) ? values.Single() : null;
        return new SqsWireResponse(response.StatusCode, queryError, await response.Content.ReadAsStringAsync());
    }

    public static Task<SqsWireResponse> PostAsync(HttpClient http, string operation, JsonObject body) => PostAsync(http, operation, body.ToJsonString());
}
