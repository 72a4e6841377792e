using Amazon.SQS.Model;

namespace Shop.Tests.LocalAws.Sqs;

public class SqsPersistenceTests
{
    [Fact]
    public async Task Acknowledged_sends_deletes_and_queue_settings_survive_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("localaws-sqs-").FullName;
        try
        {
            string url, deadLetterUrl;
            string keptId, inFlightHandle;
            await using (var first = new LocalAwsHost(directory))
            {
                await first.Fixture.InitializeAsync();
                using var sqs = first.Fixture.CreateSqsClient();
                deadLetterUrl = await sqs.CreateUniqueQueueAsync("persist-dlq");
                var deadLetterArn = (await sqs.AttributesAsync(deadLetterUrl, "QueueArn"))["QueueArn"];
                url = (await sqs.CreateQueueAsync(new CreateQueueRequest
                {
                    QueueName = Infrastructure.LocalAwsFixture.UniqueName("persist"),
                    Attributes = new() { ["VisibilityTimeout"] = "120", ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":5}""" },
                    Tags = new() { ["app"] = "shop" },
                })).QueueUrl;
                var kept = await sqs.SendMessageAsync(new SendMessageRequest(url, "kept")
                {
                    MessageAttributes = new() { ["k"] = new MessageAttributeValue { DataType = "String", StringValue = "v" } },
                });
                keptId = kept.MessageId;
                await sqs.SendMessageAsync(url, "deleted");
                await sqs.SendMessageAsync(url, "in flight");
                var received = await sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 0);
                await sqs.DeleteMessageAsync(url, received.Single(m => m.Body == "deleted").ReceiptHandle);
                var again = await sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 600);
                inFlightHandle = again.Single(m => m.Body == "in flight").ReceiptHandle;
                await sqs.ChangeMessageVisibilityAsync(url, again.Single(m => m.Body == "kept").ReceiptHandle, 0);
            }

            await using var second = new LocalAwsHost(directory);
            await second.Fixture.InitializeAsync();
            using var client = second.Fixture.CreateSqsClient();
            var port = second.Fixture.BaseUrl.Port;
            var restartedUrl = new UriBuilder(url) { Port = port }.Uri.ToString();
            var attributes = await client.AttributesAsync(restartedUrl);
            Assert.Equal("120", attributes["VisibilityTimeout"]);
            Assert.Contains("maxReceiveCount", attributes["RedrivePolicy"], StringComparison.Ordinal);
            Assert.Equal("1", attributes["ApproximateNumberOfMessages"]);
            Assert.Equal("1", attributes["ApproximateNumberOfMessagesNotVisible"]);
            Assert.Equal("shop", (await client.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = restartedUrl })).Tags["app"]);

            var message = Assert.Single(await client.ReceiveAllAttributesAsync(restartedUrl));
            Assert.Equal((keptId, "kept", "v"), (message.MessageId, message.Body, message.MessageAttributes["k"].StringValue));
            // The receipt handle handed out before the restart still deletes its message.
            await client.DeleteMessageAsync(restartedUrl, inFlightHandle);
            // What is left in flight is only the message just received ("kept").
            Assert.Equal("1", (await client.AttributesAsync(restartedUrl, "ApproximateNumberOfMessagesNotVisible"))["ApproximateNumberOfMessagesNotVisible"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Same_named_queues_of_two_regions_stay_apart_across_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("localaws-sqs-").FullName;
        try
        {
            var name = Infrastructure.LocalAwsFixture.UniqueName("persist-twin");
            await using (var first = new LocalAwsHost(directory))
            {
                await first.Fixture.InitializeAsync();
                using var east = first.Fixture.CreateSqsClient("us-east-1");
                using var west = first.Fixture.CreateSqsClient("eu-west-1");
                var eastUrl = (await east.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Tags = new() { ["side"] = "east" } })).QueueUrl;
                var westUrl = (await west.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "90" } })).QueueUrl;
                await east.SendMessageAsync(eastUrl, "east message");
                await west.SendMessageAsync(westUrl, "west message");
                await west.SendMessageAsync(westUrl, "west message to delete");
                var received = await west.ReceiveAllAttributesAsync(westUrl, visibilityTimeout: 0);
                await west.DeleteMessageAsync(westUrl, received.Single(m => m.Body == "west message to delete").ReceiptHandle);
                await west.SetQueueAttributesAsync(westUrl, new Dictionary<string, string> { ["DelaySeconds"] = "0" });
            }

            await using var second = new LocalAwsHost(directory);
            await second.Fixture.InitializeAsync();
            using var eastAgain = second.Fixture.CreateSqsClient("us-east-1");
            using var westAgain = second.Fixture.CreateSqsClient("eu-west-1");
            var eastRestarted = (await eastAgain.GetQueueUrlAsync(name)).QueueUrl;
            var westRestarted = (await westAgain.GetQueueUrlAsync(name)).QueueUrl;
            Assert.Equal("30", (await eastAgain.AttributesAsync(eastRestarted, "VisibilityTimeout"))["VisibilityTimeout"]);
            Assert.Equal("90", (await westAgain.AttributesAsync(westRestarted, "VisibilityTimeout"))["VisibilityTimeout"]);
            Assert.Equal("arn:aws:sqs:eu-west-1:000000000000:" + name, (await westAgain.AttributesAsync(westRestarted, "QueueArn"))["QueueArn"]);
            Assert.Equal("east", (await eastAgain.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = eastRestarted })).Tags["side"]);
            Assert.Empty((await westAgain.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = westRestarted })).Tags ?? []);
            Assert.Equal("east message", Assert.Single(await eastAgain.ReceiveAllAttributesAsync(eastRestarted)).Body);
            Assert.Equal("west message", Assert.Single(await westAgain.ReceiveAllAttributesAsync(westRestarted)).Body);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_journal_written_before_queues_were_per_region_replays_each_queue_into_the_region_of_its_arn()
    {
        var directory = Directory.CreateTempSubdirectory("localaws-sqs-").FullName;
        try
        {
            // What LocalAws wrote before queues were per region: no Region on any record, the region only in a queue's
            // Arn (that of the client that created it), and every later record naming its queue by name alone.
            // "retired" was deleted in us-east-1 and created again by an eu-west-1 client; its send is the new queue's.
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            string Settings(int visibilityTimeout) =>
                $$$"""{"VisibilityTimeout":{{{visibilityTimeout}}},"MessageRetentionPeriod":345600,"DelaySeconds":0,"ReceiveMessageWaitTimeSeconds":0,"MaximumMessageSize":1048576,"FifoQueue":false,"ContentBasedDeduplication":false,"Values":{"VisibilityTimeout":"{{{visibilityTimeout}}}","MaximumMessageSize":"1048576","MessageRetentionPeriod":"345600","DelaySeconds":"0","ReceiveMessageWaitTimeSeconds":"0","SqsManagedSseEnabled":"true"}}""";
            string CreateQueue(string name, int id, string region, int visibilityTimeout, string tags) =>
                $$"""{"Op":"create-queue","Queue":"{{name}}","QueueId":{{id}},"Arn":"arn:aws:sqs:{{region}}:000000000000:{{name}}","Timestamp":{{now}},"Settings":{{Settings(visibilityTimeout)}},"Tags":{{tags}}}""";
            static string Md5(string body) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
            string Send(string queue, int sequence, string body) =>
                $$$"""{"Op":"send","Queue":"{{{queue}}}","Message":{"Sequence":{{{sequence}}},"MessageId":"{{{Guid.NewGuid()}}}","Body":"{{{body}}}","BodyMd5":"{{{Md5(body)}}}","Attributes":[],"SystemAttributes":[],"SentTimestamp":{{{now}}},"SenderId":"AKIDLOCALTEST","ReceiveCount":0,"FirstReceiveTimestamp":0,"VisibleAt":0}}""";
            await File.WriteAllLinesAsync(Path.Combine(directory, "sqs.journal"),
            [
                CreateQueue("orders", 1, "us-east-1", 30, """{"app":"shop"}"""),
                CreateQueue("invoices", 2, "eu-west-1", 45, "{}"),
                Send("orders", 1, "first order"),
                Send("orders", 2, "second order"),
                Send("invoices", 1, "an invoice"),
                $$"""{"Op":"deliver","Queue":"orders","Sequence":1,"ReceiveCount":1,"FirstReceive":{{now}},"VisibleAt":{{now + 30_000}}}""",
                """{"Op":"delete","Queue":"orders","Sequence":1}""",
                $$"""{"Op":"set-queue","Queue":"invoices","Timestamp":{{now}},"Settings":{{Settings(60)}}}""",
                CreateQueue("retired", 3, "us-east-1", 30, "{}"),
                Send("retired", 1, "gone with its queue"),
                """{"Op":"delete-queue","Queue":"retired"}""",
                CreateQueue("retired", 4, "eu-west-1", 30, "{}"),
                Send("retired", 1, "in the queue created again"),
            ]);

            await using var host = new LocalAwsHost(directory);
            await host.Fixture.InitializeAsync();
            using var east = host.Fixture.CreateSqsClient("us-east-1");
            using var west = host.Fixture.CreateSqsClient("eu-west-1");

            var orders = (await east.GetQueueUrlAsync("orders")).QueueUrl;
            Assert.Equal("second order", Assert.Single(await east.ReceiveAllAttributesAsync(orders)).Body);
            Assert.Equal("shop", (await east.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = orders })).Tags["app"]);

            var invoices = (await west.GetQueueUrlAsync("invoices")).QueueUrl;
            Assert.Equal("60", (await west.AttributesAsync(invoices, "VisibilityTimeout"))["VisibilityTimeout"]);
            Assert.Equal("an invoice", Assert.Single(await west.ReceiveAllAttributesAsync(invoices)).Body);

            var retired = (await west.GetQueueUrlAsync("retired")).QueueUrl;
            Assert.Equal("in the queue created again", Assert.Single(await west.ReceiveAllAttributesAsync(retired)).Body);

            await Assert.ThrowsAsync<QueueDoesNotExistException>(() => east.GetQueueUrlAsync("invoices"));
            await Assert.ThrowsAsync<QueueDoesNotExistException>(() => east.GetQueueUrlAsync("retired"));
            await Assert.ThrowsAsync<QueueDoesNotExistException>(() => west.GetQueueUrlAsync("orders"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class LocalAwsHost(string directory) : IAsyncDisposable
    {
        public PersistentLocalAwsFixture Fixture { get; } = new(directory);

        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
