using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

/// <summary>
/// dynalite (the Node DynamoDB emulator, whose messages follow AWS's) on a free port, spoken to over raw DynamoDB
/// JSON so that values can be compared with the wire form our model reads and writes. Creates a hash-key table
/// (pk S) and a hash-and-range table (pk S, sk N).
/// </summary>
public sealed class DynaliteOracle : IAsyncLifetime
{
    public const string HashTable = "ExprHash";
    public const string RangeTable = "ExprRange";

    private readonly HttpClient _http = new();
    private NodeOracle? _oracle;

    public async Task InitializeAsync()
    {
        _oracle = await NodeOracle.StartAsync("node_modules/dynalite/cli.js", "--port {port} --createTableMs 0 --deleteTableMs 0 --updateTableMs 0");
        await CreateTableAsync(HashTable, """[{"AttributeName":"pk","KeyType":"HASH"}]""", """[{"AttributeName":"pk","AttributeType":"S"}]""");
        await CreateTableAsync(RangeTable, """[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]""",
            """[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}]""");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_oracle is not null)
        {
            await _oracle.DisposeAsync();
        }
    }

    /// <summary>Sends one DynamoDB operation; the answer's status, error code (without namespace) and body.</summary>
    public async Task<OracleAnswer> CallAsync(string operation, JsonObject request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _oracle!.BaseUrl);
        message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.ToJsonString()));
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        message.Headers.Add("X-Amz-Target", "DynamoDB_20120810." + operation);
        message.Headers.Add("X-Amz-Date", "20260101T000000Z");
        message.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        using var response = await _http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
        if (response.IsSuccessStatusCode)
        {
            return new OracleAnswer((int)response.StatusCode, null, null, body);
        }
        var type = body["__type"]?.GetValue<string>() ?? "";
        var errorMessage = body["message"]?.GetValue<string>() ?? body["Message"]?.GetValue<string>() ?? "";
        return new OracleAnswer((int)response.StatusCode, type[(type.IndexOf('#', StringComparison.Ordinal) + 1)..], errorMessage, body);
    }

    private async Task CreateTableAsync(string name, string keySchema, string attributes)
    {
        var answer = await CallAsync("CreateTable", new JsonObject
        {
            ["TableName"] = name,
            ["KeySchema"] = JsonNode.Parse(keySchema),
            ["AttributeDefinitions"] = JsonNode.Parse(attributes),
            ["BillingMode"] = "PAY_PER_REQUEST",
        });
        if (answer.Code is not null)
        {
            throw new InvalidOperationException($"dynalite CreateTable failed: {answer.Code}: {answer.Message}");
        }
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var described = await CallAsync("DescribeTable", new JsonObject { ["TableName"] = name });
            if (described.Body["Table"]?["TableStatus"]?.GetValue<string>() == "ACTIVE")
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"dynalite table {name} did not become ACTIVE");
    }
}

public sealed record OracleAnswer(int Status, string? Code, string? Message, JsonObject Body)
{
    public JsonElement Member(string name) =>
        Body[name] is { } node ? JsonDocument.Parse(node.ToJsonString()).RootElement.Clone() : default;
}
