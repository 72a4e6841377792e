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

    private sealed class LocalAwsHost(string directory) : IAsyncDisposable
    {
        public PersistentLocalAwsFixture Fixture { get; } = new(directory);

        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
