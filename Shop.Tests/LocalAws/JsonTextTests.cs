using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Shop.LocalAws.Protocol;
using Shop.Tests.Infrastructure;
using Shop.Tests.LocalAws.Ses;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"a":"plain"}""", false)]
    [InlineData("""{"a":"\u00e9 \ud83d\ude00","\u00e9":1}""", false)]
    [InlineData("""{"a":"\ud800"}""", true)]
    [InlineData("""{"a":"x\ude00y"}""", true)]
    [InlineData("""{"\ud83d":"name without its other half"}""", true)]
    [InlineData("""{"a":"\ud83d\u0041"}""", true)]
    [InlineData("""{"a":"\u12""", false)] // malformed: the parse that follows reports it
    [InlineData("", false)]
    public void Finds_escapes_that_are_not_text(string json, bool unreadable) =>
        Assert.Equal(unreadable, JsonText.HasUnreadableText(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(new byte[] { (byte)'"', 0xFF, 0xFE, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xC3, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' })] // a surrogate encoded in UTF-8 bytes
    public void Finds_bytes_that_are_not_UTF_8(byte[] json) => Assert.True(JsonText.HasUnreadableText(json));
}

/// <summary>
/// A JSON body that parses but cannot be read as text (bytes that are not UTF-8, half a surrogate pair) is refused
/// as malformed JSON before any of it is acted on: before, the operation failed halfway with a 500 InternalFailure,
/// after doing whatever it had done. Run over the JSON fast path and over Kestrel's HTTP server.
/// </summary>
public abstract class UnreadableJsonTextTests(LocalAwsFixture fixture)
{
    private static readonly byte[] NotUtf8 = [0xFF, 0xFE];

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string target, string service, byte[] body, string path = "/", string contentType = "application/x-amz-json-1.0")
    {
        using var http = fixture.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (target.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDTEXT/20261206/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static byte[] Json(string before, byte[] inside, string after) => [.. Encoding.UTF8.GetBytes(before), .. inside, .. Encoding.UTF8.GetBytes(after)];

    [Fact]
    public async Task DynamoDB_refuses_it_as_a_SerializationException_and_writes_nothing()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = await CreateSimpleAsync(client, "text");

        var notUtf8 = await PostAsync("DynamoDB_20120810.BatchWriteItem", "dynamodb", Json(
            """{"RequestItems":{"TABLE":[{"PutRequest":{"Item":{"id":{"S":"first"}}}},{"PutRequest":{"Item":{"id":{"S":" """.Replace("TABLE", table, StringComparison.Ordinal),
            NotUtf8, "\"}}}}]}}"));
        var halfPair = await PostAsync("DynamoDB_20120810.PutItem", "dynamodb", Encoding.UTF8.GetBytes(
            """{"TableName":"TABLE","Item":{"id":{"S":"second"},"v":{"S":"\ud800"}}}""".Replace("TABLE", table, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.Status);
        Assert.Equal("com.amazon.coral.service#SerializationException", notUtf8.Body!["__type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, halfPair.Status);
        Assert.Equal("com.amazon.coral.service#SerializationException", halfPair.Body!["__type"]!.GetValue<string>());
        Assert.Equal(0, (await client.ScanAsync(new ScanRequest { TableName = table })).Count);
    }

    [Fact]
    public async Task SQS_refuses_it_as_malformed_JSON_and_sends_nothing()
    {
        using var client = fixture.CreateSqsClient();
        var queueUrl = (await client.CreateQueueAsync(LocalAwsFixture.UniqueName("text"))).QueueUrl;

        var batch = await PostAsync("AmazonSQS.SendMessageBatch", "sqs", Encoding.UTF8.GetBytes(
            $$$"""{"QueueUrl":"{{{queueUrl}}}","Entries":[{"Id":"a","MessageBody":"first"},{"Id":"b","MessageBody":"\udc00"}]}"""));
        var single = await PostAsync("AmazonSQS.SendMessage", "sqs", Json($$"""{"QueueUrl":"{{queueUrl}}","MessageBody":" """, NotUtf8, "\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, batch.Status);
        Assert.Equal("com.amazon.coral.service#SerializationException", batch.Body!["__type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, single.Status);
        var attributes = await client.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages"] });
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
    }

    [Fact]
    public async Task SES_refuses_it_as_a_bad_request_and_creates_nothing()
    {
        var identity = LocalAwsFixture.UniqueName("text") + "@example.com";

        var answer = await PostAsync("", "ses", Json("""{"EmailIdentity":" """, NotUtf8, identity + "\"}"), "/v2/email/identities", "application/json");
        var halfPair = await PostAsync("", "ses", Encoding.UTF8.GetBytes($$"""{"EmailIdentity":"\ud800{{identity}}"}"""), "/v2/email/identities", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(HttpStatusCode.BadRequest, halfPair.Status);
        var listed = await fixture.CreateSesClient().ListEmailIdentitiesAsync();
        Assert.DoesNotContain(listed.EmailIdentities, i => i.IdentityName.Contains(identity, StringComparison.Ordinal));
    }
}

public sealed class UnreadableJsonTextOverTheFastPathTests(LocalAwsFixture fixture) : UnreadableJsonTextTests(fixture), IClassFixture<LocalAwsFixture>;

public sealed class UnreadableJsonTextOverKestrelTests(AwsRequestRouterTests.KestrelOnlyFixture fixture)
    : UnreadableJsonTextTests(fixture), IClassFixture<AwsRequestRouterTests.KestrelOnlyFixture>;
