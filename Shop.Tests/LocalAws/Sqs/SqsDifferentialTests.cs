using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>LocalAws and local-aws-sqs (an independent SQS emulator, npm) side by side for the differential tests.</summary>
public sealed class SqsDifferentialFixture : IAsyncLifetime
{
    public LocalAwsFixture LocalAws { get; } = new();
    public NodeOracle Oracle { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await LocalAws.InitializeAsync();
        // local-aws-sqs has no command line; this script starts it with our account id and region.
        Oracle = await NodeOracle.StartAsync(RepositoryPaths.Combine("Shop.Tests", "LocalAws", "Sqs", "local-aws-sqs-oracle.mjs"), "{port}");
    }

    public async Task DisposeAsync()
    {
        await Oracle.DisposeAsync();
        await LocalAws.DisposeAsync();
    }
}

/// <summary>
/// The same JSON-protocol request sequences against LocalAws and local-aws-sqs, compared at the HTTP level (status,
/// error type, and the meaningful members with ids, receipt handles, timestamps and host:port normalised).
/// local-aws-sqs answers an empty ReceiveMessage (and other empty results) with an empty body where AWS answers
/// <c>{}</c>; both are read as <c>{}</c>. Where the oracle departs from AWS, the step says so and what is compared.
/// </summary>
public partial class SqsDifferentialTests(SqsDifferentialFixture servers) : IClassFixture<SqsDifferentialFixture>
{
    private readonly Side _localAws = new(servers.LocalAws.CreateHttpClient());
    private readonly Side _oracle = new(new HttpClient { BaseAddress = servers.Oracle.BaseUrl });

    private sealed class Side(HttpClient http)
    {
        public HttpClient Http { get; } = http;
        public string HostPort => $"{Http.BaseAddress!.Host}:{Http.BaseAddress.Port}";
        public string? LastReceiptHandle { get; set; }
        public Dictionary<string, string> ReceiptHandles { get; } = [];
    }

    [Flags]
    private enum Compare
    {
        Everything = 0,

        /// <summary>Only status and error type: the oracle's wording differs from AWS's.</summary>
        ErrorTypeOnly = 1,

        /// <summary>The oracle's counts of in-flight messages are wrong (it counts them as visible too).</summary>
        SkipApproximateNumberOfMessages = 2,

        /// <summary>The oracle puts a whole JSON error document into a batch's Failed[].Message.</summary>
        SkipFailedMessages = 4,
    }

    private async Task<(JsonNode? LocalAws, JsonNode? Oracle)> BothAsync(string operation, string template, Compare compare = Compare.Everything)
    {
        var local = await SendAsync(_localAws, operation, template);
        var oracle = await SendAsync(_oracle, operation, template);
        Assert.True(local.Status == oracle.Status, $"{operation}: LocalAws {local.Status} {local.Body} vs oracle {oracle.Status} {oracle.Body}");
        Assert.Equal(oracle.ErrorType, local.ErrorType);
        if (local.Status == HttpStatusCode.OK || !compare.HasFlag(Compare.ErrorTypeOnly))
        {
            Assert.Equal(oracle.QueryError, local.QueryError);
            var expected = Normalise(oracle, _oracle, compare);
            var actual = Normalise(local, _localAws, compare);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{operation} {template}\n  oracle:   {expected?.ToJsonString()}\n  LocalAws: {actual?.ToJsonString()}");
        }
        return (local.Json, oracle.Json);
    }

    private static async Task<SqsWireResponse> SendAsync(Side side, string operation, string template)
    {
        var body = template.Replace("{host}", side.HostPort, StringComparison.Ordinal);
        foreach (var (name, handle) in side.ReceiptHandles)
        {
            body = body.Replace("{handle:" + name + "}", handle, StringComparison.Ordinal);
        }
        var response = await SqsWire.PostAsync(side.Http, operation, body);
        if (response.Json?["Messages"] is JsonArray messages)
        {
            foreach (var message in messages)
            {
                side.ReceiptHandles[message!["Body"]!.GetValue<string>()] = message["ReceiptHandle"]!.GetValue<string>();
            }
        }
        return response;
    }

    private static JsonNode? Normalise(SqsWireResponse response, Side side, Compare compare)
    {
        var node = JsonNode.Parse(response.Body.Length == 0 ? "{}" : response.Body.Replace(side.HostPort, "HOST", StringComparison.Ordinal));
        Scrub(node, compare);
        return node;
    }

    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "MessageId", "ReceiptHandle", "TaskHandle", "SentTimestamp", "ApproximateFirstReceiveTimestamp", "CreatedTimestamp",
        "LastModifiedTimestamp", "StartedTimestamp", "SenderId", "SequenceNumber",
    };

    private static void Scrub(JsonNode? node, Compare compare)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (Volatile.Contains(name))
                    {
                        obj[name] = "*";
                    }
                    else if (value is JsonArray { Count: 0 })
                    {
                        obj.Remove(name); // AWS lists empty results; the oracle leaves them out.
                    }
                    else if (compare.HasFlag(Compare.SkipApproximateNumberOfMessages) && name.StartsWith("ApproximateNumberOfMessages", StringComparison.Ordinal))
                    {
                        obj.Remove(name);
                    }
                    else if (compare.HasFlag(Compare.SkipFailedMessages) && name is "Failed" && value is JsonArray failures)
                    {
                        foreach (var failure in failures.OfType<JsonObject>())
                        {
                            failure.Remove("Message");
                        }
                    }
                    else if (name is "Messages" && value is JsonArray messages)
                    {
                        // Attribute order within a message is not meaningful.
                        foreach (var message in messages.OfType<JsonObject>())
                        {
                            Scrub(message, compare);
                        }
                    }
                    else
                    {
                        Scrub(value, compare);
                    }
                }
                var ordered = obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                obj.Clear();
                foreach (var (name, value) in ordered)
                {
                    obj[name] = value;
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item, compare);
                }
                break;
        }
    }

    private static string Unique(string prefix) => LocalAwsFixture.UniqueName(prefix);

    private static string Url(string name) => "http://{host}/000000000000/" + name;

    [Fact]
    public async Task Queue_lifecycle_answers_alike()
    {
        var name = Unique("life");
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{name}}}}","Attributes":{"VisibilityTimeout":"40","DelaySeconds":"0"}}""");
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{name}}}}","Attributes":{"VisibilityTimeout":"40"}}""");
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{name}}}}","Attributes":{"VisibilityTimeout":"41"}}""");
        await BothAsync("GetQueueUrl", $$$$"""{"QueueName":"{{{{name}}}}"}""");
        await BothAsync("GetQueueUrl", """{"QueueName":"no-such-queue-anywhere"}""");
        await BothAsync("GetQueueUrl", "{}");
        await BothAsync("ListQueues", $$$$"""{"QueueNamePrefix":"{{{{name}}}}"}""");
        await BothAsync("ListQueues", $$$$"""{"QueueNamePrefix":"{{{{name}}}}-none"}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","AttributeNames":["All"]}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","AttributeNames":["VisibilityTimeout","QueueArn"]}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}"}""");
        // The oracle drops the final period of this message; AWS's (and CreateQueue's in the oracle) has it.
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","AttributeNames":["Colour"]}""", Compare.ErrorTypeOnly);
        await BothAsync("SetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Attributes":{"VisibilityTimeout":"5","MaximumMessageSize":"2048"}}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","AttributeNames":["VisibilityTimeout","MaximumMessageSize"]}""");
        await BothAsync("TagQueue", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Tags":{"team":"orders","env":"local"}}""");
        await BothAsync("UntagQueue", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","TagKeys":["env"]}""");
        await BothAsync("ListQueueTags", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}"}""");
        await BothAsync("AddPermission", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Label":"l1","AWSAccountIds":["111122223333"],"Actions":["SendMessage"]}""");
        await BothAsync("AddPermission", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Label":"l1","AWSAccountIds":["111122223333"],"Actions":["SendMessage"]}""");
        await BothAsync("AddPermission", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Label":"l1","AWSAccountIds":["111122223333"],"Actions":["ReceiveMessage"]}""");
        await BothAsync("AddPermission", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Label":"l2","AWSAccountIds":["111122223333"],"Actions":["DeleteQueue"]}""");
        await BothAsync("RemovePermission", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Label":"l1"}""");
        await BothAsync("RemovePermission", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","Label":"l1"}""");
        await BothAsync("PurgeQueue", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}"}""");
        await BothAsync("PurgeQueue", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}"}""");
        await BothAsync("DeleteQueue", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}"}""");
        await BothAsync("DeleteQueue", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}"}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(name)}}}}","AttributeNames":["All"]}""");
    }

    [Fact]
    public async Task Invalid_queue_input_is_rejected_alike()
    {
        await BothAsync("CreateQueue", """{"QueueName":"has space"}""");
        // An empty name: the oracle says "Queue name cannot be empty"; both answer InvalidParameterValue.
        await BothAsync("CreateQueue", """{"QueueName":""}""", Compare.ErrorTypeOnly);
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{Unique("unknown")}}}}","Attributes":{"Colour":"blue"}}""");
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{Unique("notfifo")}}}}.fifo"}""", Compare.ErrorTypeOnly);
        await BothAsync("ListQueues", """{"MaxResults":1001}""");
        await BothAsync("ListQueues", """{"NextToken":"abc"}""");
    }

    /// <summary>
    /// After a receive with a visibility timeout of 0: the message is visible again at once in LocalAws (as in AWS), but
    /// local-aws-sqs makes it so (or moves it to the dead-letter queue) on a 0 ms timer, which a request that arrives
    /// first on a busy machine overtakes, finding no message.
    /// </summary>
    private static Task AfterTheOraclesTimersAsync() => Task.Delay(100);

    [Fact]
    public async Task Messages_are_sent_received_and_deleted_alike_with_the_same_digests()
    {
        var name = Unique("msgs");
        var url = Url(name);
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{name}}}}"}""");
        await BothAsync("SendMessage", $$$$"""
            {"QueueUrl":"{{{{url}}}}","MessageBody":"{\"orderId\":\"o-1\"} <&> é",
             "MessageAttributes":{"kind":{"DataType":"String","StringValue":"order"},"total":{"DataType":"Number","StringValue":"12.5"},
                                  "blob":{"DataType":"Binary","BinaryValue":"AAECAw=="},"custom":{"DataType":"String.json","StringValue":"{}"}},
             "MessageSystemAttributes":{"AWSTraceHeader":{"DataType":"String","StringValue":"Root=1-5759e988-bd862e3fe1be46a994272793"}}}
            """);
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"plain"}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MaxNumberOfMessages":1,"AttributeNames":["ApproximateReceiveCount"],"MessageAttributeNames":["All"],"VisibilityTimeout":30}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MaxNumberOfMessages":1,"AttributeNames":["ApproximateReceiveCount"],"MessageAttributeNames":["kind","total"],"VisibilityTimeout":0}""");
        await AfterTheOraclesTimersAsync();
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MaxNumberOfMessages":1,"AttributeNames":["All"],"VisibilityTimeout":30}""");
        await BothAsync("ChangeMessageVisibility", $$$$"""{"QueueUrl":"{{{{url}}}}","ReceiptHandle":"{handle:plain}","VisibilityTimeout":60}""");
        await BothAsync("DeleteMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","ReceiptHandle":"{handle:plain}"}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{url}}}}","AttributeNames":["All"]}""", Compare.SkipApproximateNumberOfMessages);
        await BothAsync("DeleteMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","ReceiptHandle":"not-a-receipt-handle"}""");
        await BothAsync("ChangeMessageVisibility", $$$$"""{"QueueUrl":"{{{{url}}}}","ReceiptHandle":"not-a-receipt-handle","VisibilityTimeout":5}""");
        await BothAsync("PurgeQueue", $$$$"""{"QueueUrl":"{{{{url}}}}"}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}"}""");
    }

    [Fact]
    public async Task Invalid_messages_are_rejected_alike()
    {
        var name = Unique("badmsg");
        var url = Url(name);
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{name}}}}","Attributes":{"MaximumMessageSize":"1024"}}""");
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}"}""");
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"x","DelaySeconds":901}""");
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"{{{{new string('x', 1025)}}}}"}""");
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"x","MessageDeduplicationId":"d"}""");
        // The oracle words this as "message (user) attribute"; the type and code agree.
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"x","MessageAttributes":{"n":{"DataType":"Number","StringValue":"abc"}}}""", Compare.ErrorTypeOnly);
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"x","MessageAttributes":{"n":{"DataType":"Text","StringValue":"abc"}}}""", Compare.ErrorTypeOnly);
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MaxNumberOfMessages":11}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MaxNumberOfMessages":0}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","WaitTimeSeconds":21}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","VisibilityTimeout":43201}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{url}}}}","AttributeNames":["ApproximateNumberOfMessages"]}""");
    }

    [Fact]
    public async Task Batches_are_validated_and_reported_alike()
    {
        var name = Unique("batch");
        var url = Url(name);
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{name}}}}"}""");
        await BothAsync("SendMessageBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[]}""");
        await BothAsync("SendMessageBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[{"Id":"a","MessageBody":"1"},{"Id":"a","MessageBody":"2"}]}""");
        var eleven = string.Join(',', Enumerable.Range(0, 11).Select(i => "{\"Id\":\"m" + i + "\",\"MessageBody\":\"x\"}"));
        await BothAsync("SendMessageBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[{{{{eleven}}}}]}""");
        await BothAsync("SendMessageBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[{"Id":"bad id","MessageBody":"1"}]}""");
        // The oracle puts a whole JSON error document into Failed[].Message; compare Ids, codes and sender fault.
        var (local, oracle) = await BothAsync("SendMessageBatch",
            $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[{"Id":"a","MessageBody":"first","MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}},{"Id":"b","MessageBody":"second"},{"Id":"c","MessageBody":"x","DelaySeconds":1000}]}""",
            Compare.SkipFailedMessages);
        Assert.Equal(Shape(oracle!["Failed"]!), Shape(local!["Failed"]!));
        Assert.Equal(oracle["Successful"]!.AsArray().Select(s => s!["MD5OfMessageBody"]!.GetValue<string>()), local["Successful"]!.AsArray().Select(s => s!["MD5OfMessageBody"]!.GetValue<string>()));
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{url}}}}","MaxNumberOfMessages":1,"MessageAttributeNames":["All"]}""");
        await BothAsync("DeleteMessageBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[{"Id":"x","ReceiptHandle":"{handle:first}"},{"Id":"y","ReceiptHandle":"garbage"}]}""");
        await BothAsync("DeleteMessageBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[]}""");
        await BothAsync("ChangeMessageVisibilityBatch", $$$$"""{"QueueUrl":"{{{{url}}}}","Entries":[{"Id":"z","ReceiptHandle":"garbage","VisibilityTimeout":1}]}""");
    }

    private static string Shape(JsonNode failed) =>
        string.Join(';', failed.AsArray().Select(f => $"{f!["Id"]}/{f["Code"]}/{f["SenderFault"]}"));

    [Fact]
    public async Task Dead_letter_redrive_and_move_tasks_answer_alike()
    {
        var source = Unique("src");
        var deadLetter = Unique("dlq");
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{deadLetter}}}}"}""");
        // The oracle echoes maxReceiveCount as the caller wrote it; AWS (and LocalAws) return it as a JSON number.
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{source}}}}","Attributes":{"RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:{{{{deadLetter}}}}\",\"maxReceiveCount\":2}"}}""");
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(source)}}}}","AttributeNames":["RedrivePolicy"]}""");
        await BothAsync("CreateQueue", $$$$"""{"QueueName":"{{{{Unique("baddlq")}}}}","Attributes":{"RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:absent\",\"maxReceiveCount\":2}"}}""");
        await BothAsync("ListDeadLetterSourceQueues", $$$$"""{"QueueUrl":"{{{{Url(deadLetter)}}}}"}""");
        await BothAsync("SendMessage", $$$$"""{"QueueUrl":"{{{{Url(source)}}}}","MessageBody":"poison"}""");
        for (var i = 0; i < 2; i++)
        {
            await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{Url(source)}}}}","AttributeNames":["ApproximateReceiveCount"],"VisibilityTimeout":0}""");
            await AfterTheOraclesTimersAsync();
        }
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{Url(source)}}}}","VisibilityTimeout":0}""");
        await AfterTheOraclesTimersAsync();
        await BothAsync("GetQueueAttributes", $$$$"""{"QueueUrl":"{{{{Url(deadLetter)}}}}","AttributeNames":["ApproximateNumberOfMessages"]}""");
        await BothAsync("StartMessageMoveTask", $$$$"""{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:{{{{source}}}}"}""");
        await BothAsync("StartMessageMoveTask", $$$$"""{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:{{{{deadLetter}}}}","MaxNumberOfMessagesPerSecond":501}""");
        await BothAsync("StartMessageMoveTask", $$$$"""{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:{{{{deadLetter}}}}"}""");
        await WaitForMoveAsync(_localAws, deadLetter);
        await WaitForMoveAsync(_oracle, deadLetter);
        await BothAsync("ListMessageMoveTasks", $$$$"""{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:{{{{deadLetter}}}}"}""");
        await BothAsync("ReceiveMessage", $$$$"""{"QueueUrl":"{{{{Url(source)}}}}","AttributeNames":["ApproximateReceiveCount"]}""");
    }

    private static async Task WaitForMoveAsync(Side side, string deadLetter)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var tasks = await SendAsync(side, "ListMessageMoveTasks", $$$$"""{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:{{{{deadLetter}}}}"}""");
            if (tasks.Json?["Results"] is JsonArray { Count: > 0 } results && results[0]!["Status"]!.GetValue<string>() != "RUNNING")
            {
                return;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Unknown_queue_answers_alike_for_every_queue_operation()
    {
        var url = Url(Unique("ghost"));
        foreach (var operation in new[] { "SendMessage", "ReceiveMessage", "DeleteQueue", "PurgeQueue", "GetQueueAttributes", "ListQueueTags" })
        {
            await BothAsync(operation, $$$$"""{"QueueUrl":"{{{{url}}}}","MessageBody":"x","AttributeNames":["All"]}""");
        }
    }
}
