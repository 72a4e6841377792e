using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>One answer of a DynamoDB endpoint at the HTTP level.</summary>
internal sealed record WireAnswer(int Status, JsonNode? Body, string RawBody, HttpResponseMessage Response)
{
    public string? ErrorType => (Body as JsonObject)?["__type"]?.GetValue<string>();

    /// <summary>The error type without its namespace (ValidationException), as the emulators' namespaces differ.</summary>
    public string? ErrorCode => ErrorType?[(ErrorType.IndexOf('#', StringComparison.Ordinal) + 1)..];

    /// <summary>The error message, whichever capitalisation the error uses (Coral's serialization errors say "Message").</summary>
    public string? Message => ((Body as JsonObject)?["message"] ?? (Body as JsonObject)?["Message"])?.GetValue<string>();
}

/// <summary>Sends raw DynamoDB JSON 1.0 requests, as the SDKs would never send them, with a well-formed (unverified) SigV4 header.</summary>
internal sealed class DynamoDbWire(HttpClient http)
{
    public const string Authorization = "AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000";

    public async Task<WireAnswer> SendAsync(string operation, string body, string contentType = "application/x-amz-json-1.0", bool signed = true, string targetPrefix = "DynamoDB_20120810.")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", targetPrefix + operation);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        if (signed)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return new WireAnswer((int)response.StatusCode, json, text, response);
    }

    /// <summary>
    /// Waits until a table is ACTIVE (dynalite makes a new table ACTIVE on a timer even with --createTableMs 0, and
    /// refuses item writes until then); false if it is not within two seconds.
    /// </summary>
    public async Task<bool> WaitUntilActiveAsync(string tableName)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var described = await SendAsync("DescribeTable", $$"""{"TableName":"{{tableName}}"}""");
            if (described.Body?["Table"]?["TableStatus"]?.GetValue<string>() == "ACTIVE")
            {
                return true;
            }
            await Task.Delay(20);
        }
        return false;
    }
}
