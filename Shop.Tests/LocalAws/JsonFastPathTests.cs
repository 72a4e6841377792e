using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.LocalAws;
using Shop.LocalAws.Protocol;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws;

[CollectionDefinition(nameof(JsonFastPathTests), DisableParallelization = true)]
public sealed class JsonFastPathCollection;

/// <summary>
/// The JSON fast path answers DynamoDB's and SQS's requests below Kestrel's HTTP server. These tests send the same raw requests
/// to a LocalAws with the fast path and to one without it (Kestrel alone) and compare the answers byte for byte, but
/// for the Date and request id values; and they check that whatever the fast path does not take still reaches Kestrel
/// on the same connection. Here the fast path runs in LocalAws's event loop (Shop.LocalAws/Transport, Linux); the
/// same tests run against the Kestrel connection middleware that other systems use in
/// <see cref="JsonFastPathMiddlewareTests"/>.
/// </summary>
/// <remarks>
/// The fast path hands every request to Kestrel while anyone in the process listens to ASP.NET Core's request
/// activities, and other tests do (LocalAwsHostTests, in-process OpenTelemetry). So these tests, which count what the
/// fast path served, run in a collection of their own that runs alone.
/// </remarks>
[Collection(nameof(JsonFastPathTests))]
public partial class JsonFastPathTests : IAsyncLifetime
{
    private const string Authorization = "AWS4-HMAC-SHA256 Credential=AKIDFAST/20261202/eu-west-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-target, Signature=abc";
    private WebApplication _fast = null!;
    private WebApplication _kestrelOnly = null!;

    public async Task InitializeAsync()
    {
        _fast = await StartAsync(fastPath: true);
        _kestrelOnly = await StartAsync(fastPath: false);
    }

    public async Task DisposeAsync()
    {
        await _fast.DisposeAsync();
        await _kestrelOnly.DisposeAsync();
    }

    /// <summary>Whether LocalAws may serve the fast path from its own event loop (where Linux's epoll is at hand).</summary>
    protected virtual bool EventLoop => true;

    /// <summary>
    /// Two loops whatever the machine (the default is one per core, which could be one on a CI machine), so that connections
    /// dealt out to a second loop are served here too.
    /// </summary>
    protected virtual int EventLoops => 2;

    private async Task<WebApplication> StartAsync(bool fastPath)
    {
        var app = LocalAwsApp.Build([], options =>
        {
            options.Port = 0;
            options.JsonFastPath = fastPath;
            options.EventLoop = EventLoop;
            options.EventLoops = EventLoops;
        }, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return app;
    }

    private static JsonFastPathCounters Counters(WebApplication app) => app.Services.GetRequiredService<JsonFastPathCounters>();

    internal static string DynamoDbRequest(string operation, string body, string? authorization = Authorization, string contentType = "application/x-amz-json-1.0", string extraHeaders = "")
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        return $"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.{operation}\r\nContent-Type: {contentType}\r\n"
            + (authorization is null ? "" : $"Authorization: {authorization}\r\n")
            + extraHeaders + $"Content-Length: {bytes}\r\n\r\n{body}";
    }

    public static TheoryData<string, string> Conversation => new()
    {
        { "CreateTable", DynamoDbRequest("CreateTable", """{"TableName":"FastPathItems","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}""") },
        { "PutItem", DynamoDbRequest("PutItem", """{"TableName":"FastPathItems","Item":{"pk":{"S":"a"},"n":{"N":"1.50"},"tags":{"SS":["x","y"]}}}""") },
        { "PutItem ALL_OLD", DynamoDbRequest("PutItem", """{"TableName":"FastPathItems","Item":{"pk":{"S":"a"},"n":{"N":"2"}},"ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL"}""") },
        { "GetItem", DynamoDbRequest("GetItem", """{"TableName":"FastPathItems","Key":{"pk":{"S":"a"}},"ProjectionExpression":"n"}""") },
        { "GetItem as application/json", DynamoDbRequest("GetItem", """{"TableName":"FastPathItems","Key":{"pk":{"S":"a"}}}""", contentType: "application/json") },
        { "Query", DynamoDbRequest("Query", """{"TableName":"FastPathItems","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}}""") },
        { "a failed condition", DynamoDbRequest("PutItem", """{"TableName":"FastPathItems","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}""") },
        { "a validation error", DynamoDbRequest("GetItem", """{"TableName":"FastPathItems"}""") },
        { "an unknown table", DynamoDbRequest("GetItem", """{"TableName":"NoSuchTable","Key":{"pk":{"S":"a"}}}""") },
        { "an unknown operation", DynamoDbRequest("Frobnicate", "{}") },
        { "no authorization", DynamoDbRequest("ListTables", "{}", authorization: null) },
        { "a malformed authorization", DynamoDbRequest("ListTables", "{}", authorization: "AWS4-HMAC-SHA256 Credential=nonsense") },
        { "malformed JSON", DynamoDbRequest("ListTables", "{\"Limit\":") },
        { "half a surrogate pair", DynamoDbRequest("GetItem", """{"TableName":"FastPathItems","Key":{"pk":{"S":"\ud800"}}}""") },
        { "a body that is not JSON", DynamoDbRequest("ListTables", "Limit=1", contentType: "text/plain") },
        { "an empty body", DynamoDbRequest("ListTables", "") },
        { "ListTables", DynamoDbRequest("ListTables", "{}") },
    };

    [Fact]
    public Task Every_answer_of_the_fast_path_is_the_answer_Kestrel_gives() =>
        AssertFastPathAnswersAsKestrelDoes(Conversation, answer =>
        {
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(answer.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("x-amz-crc32"));
            Assert.Matches("^[A-Z0-9]{52}$", answer.Header("x-amzn-RequestId"));
        });

    /// <summary>
    /// Sends each request of <paramref name="conversation"/> to both servers on one connection each, in order, and
    /// holds every fast-path answer to Kestrel's (but for what differs between any two servers, which
    /// <paramref name="checkHeaders"/> checks on its own); the fast path must have served all of them itself.
    /// </summary>
    private async Task AssertFastPathAnswersAsKestrelDoes(TheoryData<string, string> conversation, Action<RawResponse> checkHeaders)
    {
        var served = Counters(_fast).RequestsServed;
        var handedOver = Counters(_fast).ConnectionsHandedToKestrel;
        using var fast = await RawHttpConnection.OpenAsync(_fast);
        using var kestrel = await RawHttpConnection.OpenAsync(_kestrelOnly);
        foreach (var row in conversation)
        {
            var (name, request) = ((string)row[0], (string)row[1]);
            await fast.SendAsync(request);
            await kestrel.SendAsync(request);
            var fastAnswer = await fast.ReadResponseAsync();
            var kestrelAnswer = await kestrel.ReadResponseAsync();
            Assert.True(kestrelAnswer.Comparable == fastAnswer.Comparable, $"{name}:\nfast path:\n{fastAnswer.Comparable}\nKestrel:\n{kestrelAnswer.Comparable}");
            checkHeaders(fastAnswer);
            Assert.Equal(fastAnswer.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), fastAnswer.Header("Content-Length"));
        }
        Assert.Equal(served + conversation.Count, Counters(_fast).RequestsServed);
        Assert.Equal(handedOver, Counters(_fast).ConnectionsHandedToKestrel);
        Assert.Equal(0, Counters(_kestrelOnly).RequestsServed);
    }

    private const string SqsAuthorization = "AWS4-HMAC-SHA256 Credential=AKIDFAST/20261202/eu-west-1/sqs/aws4_request, SignedHeaders=host;x-amz-target, Signature=abc";

    private static string SqsRequest(string operation, string body, string? authorization = SqsAuthorization) =>
        $"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AmazonSQS.{operation}\r\nContent-Type: application/x-amz-json-1.0\r\n"
        + (authorization is null ? "" : $"Authorization: {authorization}\r\n")
        + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private const string FastQueue = "http://localhost/000000000000/fast-path-queue";

    public static TheoryData<string, string> SqsConversation => new()
    {
        { "CreateQueue", SqsRequest("CreateQueue", """{"QueueName":"fast-path-queue","Attributes":{"VisibilityTimeout":"30"}}""") },
        { "GetQueueUrl", SqsRequest("GetQueueUrl", """{"QueueName":"fast-path-queue"}""") },
        { "SendMessage with attributes", SqsRequest("SendMessage", $$$$"""{"QueueUrl":"{{{{FastQueue}}}}","MessageBody":"héllo <order> & \"more\"","MessageAttributes":{"kind":{"DataType":"String","StringValue":"order"}}}""") },
        { "SendMessageBatch", SqsRequest("SendMessageBatch", $$$"""{"QueueUrl":"{{{FastQueue}}}","Entries":[{"Id":"a","MessageBody":"one"},{"Id":"b","MessageBody":""}]}""") },
        { "ReceiveMessage", SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{FastQueue}}","MaxNumberOfMessages":1,"MessageAttributeNames":["All"],"MessageSystemAttributeNames":["ApproximateReceiveCount","SenderId"]}""") },
        { "a long poll that finds a message", SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{FastQueue}}","WaitTimeSeconds":5}""") },
        { "GetQueueAttributes", SqsRequest("GetQueueAttributes", $$"""{"QueueUrl":"{{FastQueue}}","AttributeNames":["QueueArn","VisibilityTimeout","ApproximateNumberOfMessages","ApproximateNumberOfMessagesNotVisible"]}""") },
        { "DeleteMessage with a receipt handle never issued", SqsRequest("DeleteMessage", $$"""{"QueueUrl":"{{FastQueue}}","ReceiptHandle":"bm90IGEgaGFuZGxl"}""") },
        { "a batch whose ids repeat", SqsRequest("SendMessageBatch", $$$"""{"QueueUrl":"{{{FastQueue}}}","Entries":[{"Id":"a","MessageBody":"1"},{"Id":"a","MessageBody":"2"}]}""") },
        { "a missing queue", SqsRequest("ReceiveMessage", """{"QueueUrl":"http://localhost/000000000000/no-such-queue"}""") },
        { "a missing parameter", SqsRequest("SendMessage", $$"""{"QueueUrl":"{{FastQueue}}"}""") },
        { "a wrong member type", SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{FastQueue}}","MaxNumberOfMessages":"ten"}""") },
        { "an unknown operation", SqsRequest("Frobnicate", "{}") },
        { "malformed JSON", SqsRequest("ListQueues", "{\"QueueNamePrefix\":") },
        { "half a surrogate pair", SqsRequest("SendMessage", $$"""{"QueueUrl":"{{FastQueue}}","MessageBody":"\udc00"}""") },
        { "JSON that is not an object", SqsRequest("ListQueues", "[1]") },
        { "an empty body", SqsRequest("ListQueues", "") },
        { "no authorization", SqsRequest("ListQueues", "{}", authorization: null) },
        { "a malformed authorization", SqsRequest("ListQueues", "{}", authorization: "AWS4-HMAC-SHA256 Credential=nonsense") },
        { "PurgeQueue", SqsRequest("PurgeQueue", $$"""{"QueueUrl":"{{FastQueue}}"}""") },
        { "an empty short poll", SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{FastQueue}}","WaitTimeSeconds":0}""") },
    };

    [Fact]
    public Task Every_SQS_answer_of_the_fast_path_is_the_answer_Kestrel_gives() =>
        AssertFastPathAnswersAsKestrelDoes(SqsConversation, answer =>
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", answer.Header("x-amzn-RequestId")));

    [Fact]
    public async Task A_received_message_is_deleted_through_the_fast_path_with_its_receipt_handle()
    {
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        var served = Counters(_fast).RequestsServed;
        const string queue = "http://localhost/000000000000/fast-path-delete";
        await connection.SendAsync(SqsRequest("CreateQueue", """{"QueueName":"fast-path-delete"}"""));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        await connection.SendAsync(SqsRequest("SendMessage", $$"""{"QueueUrl":"{{queue}}","MessageBody":"to delete"}"""));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        await connection.SendAsync(SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{queue}}","VisibilityTimeout":0}"""));
        var received = System.Text.Json.Nodes.JsonNode.Parse((await connection.ReadResponseAsync()).BodyText)!;
        var handle = received["Messages"]![0]!["ReceiptHandle"]!.GetValue<string>();

        await connection.SendAsync(SqsRequest("DeleteMessage", $$"""{"QueueUrl":"{{queue}}","ReceiptHandle":"{{handle}}"}"""));
        var deleted = await connection.ReadResponseAsync();
        Assert.Equal(200, deleted.Status);
        Assert.Equal("{}", deleted.BodyText);
        await connection.SendAsync(SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{queue}}"}"""));
        Assert.Equal("{}", (await connection.ReadResponseAsync()).BodyText);
        Assert.Equal(served + 5, Counters(_fast).RequestsServed);
    }

    [Fact]
    public async Task A_long_poll_that_has_to_wait_is_left_to_Kestrel_which_answers_when_a_message_arrives()
    {
        const string queue = "http://localhost/000000000000/fast-path-long-poll";
        using var sender = await RawHttpConnection.OpenAsync(_fast);
        await sender.SendAsync(SqsRequest("CreateQueue", """{"QueueName":"fast-path-long-poll"}"""));
        Assert.Equal(200, (await sender.ReadResponseAsync()).Status);
        var served = Counters(_fast).RequestsServed;
        var handedOver = Counters(_fast).ConnectionsHandedToKestrel;

        using var poller = await RawHttpConnection.OpenAsync(_fast);
        await poller.SendAsync(SqsRequest("ReceiveMessage", $$"""{"QueueUrl":"{{queue}}","WaitTimeSeconds":20}"""));
        var answer = poller.ReadResponseAsync();
        await Task.Delay(300);
        Assert.False(answer.IsCompleted, "a long poll on an empty queue must wait");
        await sender.SendAsync(SqsRequest("SendMessage", $$"""{"QueueUrl":"{{queue}}","MessageBody":"at last"}"""));
        Assert.Equal(200, (await sender.ReadResponseAsync()).Status);

        var received = await answer;
        Assert.Equal(200, received.Status);
        Assert.Contains("at last", received.BodyText, StringComparison.Ordinal);
        // The poll went to Kestrel with its connection; the send was the fast path's.
        Assert.Equal(handedOver + 1, Counters(_fast).ConnectionsHandedToKestrel);
        Assert.Equal(served + 1, Counters(_fast).RequestsServed);
    }

    [Fact]
    public async Task Connection_close_is_answered_and_the_connection_closed()
    {
        using var fast = await RawHttpConnection.OpenAsync(_fast);
        using var kestrel = await RawHttpConnection.OpenAsync(_kestrelOnly);
        var request = DynamoDbRequest("ListTables", "{}", extraHeaders: "Connection: close\r\n");
        await fast.SendAsync(request);
        await kestrel.SendAsync(request);

        var fastAnswer = await fast.ReadResponseAsync();
        Assert.Equal((await kestrel.ReadResponseAsync()).Comparable, fastAnswer.Comparable);
        Assert.Equal("close", fastAnswer.Header("Connection"));
        Assert.True(await fast.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Pipelined_requests_and_requests_that_arrive_in_pieces_are_each_answered_in_order()
    {
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        var served = Counters(_fast).RequestsServed;
        await connection.SendAsync(DynamoDbRequest("ListTables", """{"Limit":1}""") + DynamoDbRequest("ListTables", """{"Limit":"x"}"""));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        Assert.Equal(400, (await connection.ReadResponseAsync()).Status);

        var request = DynamoDbRequest("DescribeTable", """{"TableName":"NoSuchTable"}""");
        foreach (var piece in request.Chunk(17))
        {
            await connection.SendAsync(new string(piece));
            await Task.Delay(2);
        }
        var answer = await connection.ReadResponseAsync();
        Assert.Equal(400, answer.Status);
        Assert.Contains("ResourceNotFoundException", answer.BodyText, StringComparison.Ordinal);
        Assert.Equal(served + 3, Counters(_fast).RequestsServed);
    }

    [Fact]
    public async Task A_request_the_fast_path_does_not_take_is_served_by_Kestrel_on_the_same_connection()
    {
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        var handedOver = Counters(_fast).ConnectionsHandedToKestrel;
        await connection.SendAsync(DynamoDbRequest("ListTables", "{}"));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        // S3's ListBuckets is no JSON-protocol request: from here on Kestrel serves the connection.
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDFAST/20261202/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=abc\r\n\r\n");
        var buckets = await connection.ReadResponseAsync();
        Assert.Equal(200, buckets.Status);
        Assert.Contains("<ListAllMyBucketsResult", buckets.BodyText, StringComparison.Ordinal);

        await connection.SendAsync(DynamoDbRequest("ListTables", "{}"));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        Assert.Equal(handedOver + 1, Counters(_fast).ConnectionsHandedToKestrel);
    }

    [Fact]
    public async Task A_chunked_or_expecting_request_is_answered_by_Kestrel()
    {
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + $"Authorization: {Authorization}\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n");
        var chunked = await connection.ReadResponseAsync();
        Assert.Equal(200, chunked.Status);
        Assert.Contains("TableNames", chunked.BodyText, StringComparison.Ordinal);

        using var expecting = await RawHttpConnection.OpenAsync(_fast);
        await expecting.SendAsync(DynamoDbRequest("ListTables", "", extraHeaders: "Expect: 100-continue\r\n").Replace("Content-Length: 0", "Content-Length: 2", StringComparison.Ordinal));
        Assert.Equal(100, (await expecting.ReadResponseAsync()).Status);
        await expecting.SendAsync("{}");
        Assert.Equal(200, (await expecting.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task A_request_larger_than_the_fast_path_buffers_is_served_by_Kestrel()
    {
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        await connection.SendAsync(DynamoDbRequest("CreateTable", """{"TableName":"FastPathLarge","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}"""));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        var large = new string('x', JsonFastPath.MaxRequestBytes + 1000);
        await connection.SendAsync(DynamoDbRequest("PutItem", """{"TableName":"FastPathLarge","Item":{"pk":{"S":"big"},"payload":{"S":"LARGE"}}}""".Replace("LARGE", large, StringComparison.Ordinal)));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        await connection.SendAsync(DynamoDbRequest("GetItem", """{"TableName":"FastPathLarge","Key":{"pk":{"S":"big"}}}"""));
        var answer = await connection.ReadResponseAsync();
        Assert.Equal(200, answer.Status);
        Assert.Contains(large, answer.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_stops_promptly_with_idle_fast_path_connections_open()
    {
        var app = await StartAsync(fastPath: true);
        using var connection = await RawHttpConnection.OpenAsync(app);
        await connection.SendAsync(DynamoDbRequest("ListTables", "{}"));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await app.StopAsync();
        await app.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
        Assert.True(await connection.IsClosedByServerAsync());
    }

    private const string S3Authorization = "AWS4-HMAC-SHA256 Credential=AKIDFAST/20261202/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc";

    private static string S3Request(string method, string path, string body = "") =>
        $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {S3Authorization}\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"
        + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    [Fact]
    public async Task Connections_are_accepted_by_the_transport_the_options_choose()
    {
        var accepted = Counters(_fast).ConnectionsAcceptedByEventLoop;
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        await connection.SendAsync(DynamoDbRequest("ListTables", "{}"));
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        var byEventLoop = EventLoop && Shop.LocalAws.Transport.EventLoopTransport.IsSupported;
        Assert.Equal(byEventLoop ? accepted + 1 : accepted, Counters(_fast).ConnectionsAcceptedByEventLoop);
        Assert.Equal(0, Counters(_kestrelOnly).ConnectionsAcceptedByEventLoop);
    }

    [Fact]
    public async Task Bytes_read_with_a_fast_path_request_reach_Kestrel_whole_when_the_connection_is_handed_over()
    {
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        // One write: a DynamoDB request, then S3 requests the fast path leaves, the last one's body still to come.
        var body = string.Concat(Enumerable.Range(0, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var put = S3Request("PUT", "/fast-path-hand-off/object.txt", body);
        var split = put.Length - (body.Length / 2);
        await connection.SendAsync(DynamoDbRequest("ListTables", "{}") + S3Request("PUT", "/fast-path-hand-off") + put[..split]);
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        var bucket = await connection.ReadResponseAsync();
        Assert.True(bucket.Status == 200, bucket.BodyText);
        await Task.Delay(50);
        await connection.SendAsync(put[split..]);
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);

        await connection.SendAsync(S3Request("GET", "/fast-path-hand-off/object.txt"));
        var stored = await connection.ReadResponseAsync();
        Assert.Equal(200, stored.Status);
        Assert.Equal(body, stored.BodyText);
    }

    [Fact]
    public async Task A_client_that_reads_slowly_gets_every_answer_in_order()
    {
        using (var setUp = await RawHttpConnection.OpenAsync(_fast))
        {
            await setUp.SendAsync(DynamoDbRequest("CreateTable", """{"TableName":"FastPathSlowReader","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}"""));
            Assert.Equal(200, (await setUp.ReadResponseAsync()).Status);
            await setUp.SendAsync(DynamoDbRequest("PutItem", """{"TableName":"FastPathSlowReader","Item":{"pk":{"S":"big"},"payload":{"S":"LARGE"}}}""".Replace("LARGE", new string('y', 300_000), StringComparison.Ordinal)));
            Assert.Equal(200, (await setUp.ReadResponseAsync()).Status);
        }

        // Sixty answers of 300 KB each are far more than the sockets buffer: the server must wait for the reader.
        using var connection = await RawHttpConnection.OpenAsync(_fast);
        var requests = string.Concat(Enumerable.Range(0, 60).Select(i => DynamoDbRequest("GetItem", """{"TableName":"FastPathSlowReader","Key":{"pk":{"S":"KEY"}}}""".Replace("KEY", i % 2 == 0 ? "big" : "none", StringComparison.Ordinal))));
        await connection.SendAsync(requests);
        await Task.Delay(300);
        for (var i = 0; i < 60; i++)
        {
            var answer = await connection.ReadResponseAsync();
            Assert.Equal(200, answer.Status);
            Assert.True(i % 2 == 0 ? answer.BodyText.Contains(new string('y', 300_000), StringComparison.Ordinal) : answer.BodyText == "{}", $"answer {i}: {answer.BodyText[..Math.Min(200, answer.BodyText.Length)]}");
        }
        await connection.SendAsync(DynamoDbRequest("ListTables", "{}"));
        Assert.Contains("FastPathSlowReader", (await connection.ReadResponseAsync()).BodyText, StringComparison.Ordinal);
    }
}
