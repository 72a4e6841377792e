using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Shop.Tests.LocalAws.Lambda;

namespace Shop.Tests.LocalAws.EventSources;

public sealed class SqsEventSourceFixture : ServerlessFixture
{
    protected override string Template => $$$"""
        Parameters:
          RecordDir: {Type: String}
        Resources:
          DeadLetters:
            Type: AWS::SQS::Queue
            Properties: {QueueName: esm-dlq}
          Work:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: esm-work
              VisibilityTimeout: 8
              RedrivePolicy: {deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 2}
          Consumer:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: esm-consumer
              Handler: {{{TestAssemblyHandler}}}SqsRecordingFunction::Handle
              Runtime: dotnet10
              Timeout: 20
              Environment: {Variables: {RECORD_DIR: !Ref RecordDir}}
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              EventSourceArn: !GetAtt Work.Arn
              FunctionName: !Ref Consumer
              BatchSize: 10
              MaximumBatchingWindowInSeconds: 1
              FunctionResponseTypes: [ReportBatchItemFailures]
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // A warm execution environment, so a cold start does not outlast the short visibility timeout of the tests' queue.
        (await InvokeAsync("esm-consumer", """{"Records":[]}""")).EnsureSuccessStatusCode();
    }

    /// <summary>Every SQS record the function has received so far, by body.</summary>
    public List<JsonNode> ReceivedRecords() => [.. Directory.GetFiles(RecordDirectory, "*.json")
        .SelectMany(file => JsonNode.Parse(File.ReadAllText(file))!["Records"]!.AsArray())
        .Select(record => record!)];

    public async Task<List<JsonNode>> WaitForRecordsAsync(Func<JsonNode, bool> predicate, int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (DateTime.UtcNow < until)
        {
            var matching = ReceivedRecords().Where(predicate).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Fewer than {count} matching records arrived.");
    }
}

// One mapping polls one queue: these tests share it and tell their messages apart by a unique body.
[Collection(nameof(SqsEventSourceTests))]
public class SqsEventSourceTests(SqsEventSourceFixture esm) : IClassFixture<SqsEventSourceFixture>
{
    private async Task<string> QueueUrlAsync(string name) => (await esm.CreateSqsClient().GetQueueUrlAsync(name)).QueueUrl;

    [Fact]
    public async Task A_message_arrives_as_the_SQS_event_Lambda_builds_and_is_deleted_after_success()
    {
        var sqs = esm.CreateSqsClient();
        var url = await QueueUrlAsync("esm-work");
        var body = "ok-" + Guid.NewGuid();
        var traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var sent = await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = body,
            MessageAttributes = new() { ["traceparent"] = new MessageAttributeValue { DataType = "String", StringValue = traceparent } },
        });

        var record = (await esm.WaitForRecordsAsync(r => r["body"]!.GetValue<string>() == body, 1)).Single();
        Assert.Equal(sent.MessageId, record["messageId"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(record["receiptHandle"]!.GetValue<string>()));
        Assert.Equal(sent.MD5OfMessageBody, record["md5OfBody"]!.GetValue<string>());
        Assert.Equal("aws:sqs", record["eventSource"]!.GetValue<string>());
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:esm-work", record["eventSourceARN"]!.GetValue<string>());
        Assert.Equal("us-east-1", record["awsRegion"]!.GetValue<string>());
        Assert.Equal("1", record["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>());
        Assert.NotNull(record["attributes"]!["SentTimestamp"]);
        Assert.NotNull(record["attributes"]!["SenderId"]);
        Assert.NotNull(record["attributes"]!["ApproximateFirstReceiveTimestamp"]);
        var attribute = record["messageAttributes"]!["traceparent"]!;
        Assert.Equal(traceparent, attribute["stringValue"]!.GetValue<string>());
        Assert.Equal("String", attribute["dataType"]!.GetValue<string>());
        Assert.Empty(attribute["stringListValues"]!.AsArray());

        await WaitUntilGoneAsync(url, body);
    }

    [Fact]
    public async Task Messages_sent_together_arrive_in_one_batch()
    {
        var sqs = esm.CreateSqsClient();
        var url = await QueueUrlAsync("esm-work");
        var tag = Guid.NewGuid().ToString();
        await sqs.SendMessageBatchAsync(url, [.. Enumerable.Range(0, 5).Select(i => new SendMessageBatchRequestEntry($"m{i}", $"batch-{tag}-{i}"))]);

        var records = await esm.WaitForRecordsAsync(r => r["body"]!.GetValue<string>().StartsWith($"batch-{tag}", StringComparison.Ordinal), 5);
        var batches = Directory.GetFiles(esm.RecordDirectory, "*.json").Count(file => File.ReadAllText(file).Contains($"batch-{tag}", StringComparison.Ordinal));
        Assert.Equal(5, records.Count);
        Assert.True(batches < 5, $"5 messages sent in one call arrived in {batches} invocations; the 1 s batching window should group them.");
    }

    [Fact]
    public async Task A_reported_batch_item_failure_is_redelivered_and_then_moved_to_the_dead_letter_queue()
    {
        var sqs = esm.CreateSqsClient();
        var url = await QueueUrlAsync("esm-work");
        var dlq = await QueueUrlAsync("esm-dlq");
        var ok = "ok-" + Guid.NewGuid();
        await sqs.SendMessageBatchAsync(url, [new("a", "fail"), new("b", ok)]);

        // Delivered twice (maxReceiveCount 2), while its batch mate is deleted after the first success.
        var failures = await esm.WaitForRecordsAsync(r => r["body"]!.GetValue<string>() == "fail", 2);
        Assert.Contains(failures, r => r["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>() == "2");
        var dead = await ReceiveWithinAsync(dlq, "fail");
        Assert.NotNull(dead);
        Assert.Single(esm.ReceivedRecords(), r => r["body"]!.GetValue<string>() == ok);
    }

    [Fact]
    public async Task A_function_error_leaves_the_whole_batch_for_redelivery()
    {
        var sqs = esm.CreateSqsClient();
        var url = await QueueUrlAsync("esm-work");
        var dlq = await QueueUrlAsync("esm-dlq");
        await sqs.SendMessageAsync(url, "crash");

        var deliveries = await esm.WaitForRecordsAsync(r => r["body"]!.GetValue<string>() == "crash", 2);
        Assert.Equal(["1", "2"], deliveries.Select(r => r["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>()).Distinct().Order());
        Assert.NotNull(await ReceiveWithinAsync(dlq, "crash"));
    }

    private async Task<Message?> ReceiveWithinAsync(string queueUrl, string body)
    {
        var sqs = esm.CreateSqsClient();
        var until = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < until)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            if (received.Messages?.FirstOrDefault(m => m.Body == body) is { } message)
            {
                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
                return message;
            }
        }
        return null;
    }

    private async Task WaitUntilGoneAsync(string queueUrl, string body)
    {
        var sqs = esm.CreateSqsClient();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] });
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"The message {body} was not deleted after the function succeeded.");
    }
}
