using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

public class SqsDeadLetterTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonSQSClient _sqs = localAws.CreateSqsClient();

    private async Task<(string SourceUrl, string DeadLetterUrl, string DeadLetterArn, string SourceArn)> CreatePairAsync(string prefix, int maxReceiveCount)
    {
        var deadLetterUrl = await _sqs.CreateUniqueQueueAsync(prefix + "-dlq");
        var deadLetterArn = (await _sqs.AttributesAsync(deadLetterUrl, "QueueArn"))["QueueArn"];
        var sourceUrl = await _sqs.CreateUniqueQueueAsync(prefix, new()
        {
            ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"{{maxReceiveCount}}"}""",
        });
        var sourceArn = (await _sqs.AttributesAsync(sourceUrl, "QueueArn"))["QueueArn"];
        return (sourceUrl, deadLetterUrl, deadLetterArn, sourceArn);
    }

    [Fact]
    public async Task Message_moves_to_the_dead_letter_queue_when_it_would_be_received_once_more_than_max_receive_count()
    {
        var (sourceUrl, deadLetterUrl, deadLetterArn, sourceArn) = await CreatePairAsync("redrive", maxReceiveCount: 2);
        Assert.Equal($$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":2}""", (await _sqs.AttributesAsync(sourceUrl, "RedrivePolicy"))["RedrivePolicy"]);
        await _sqs.SendMessageAsync(sourceUrl, "poison");

        Assert.Single(await _sqs.ReceiveAllAttributesAsync(sourceUrl, visibilityTimeout: 0));
        var second = Assert.Single(await _sqs.ReceiveAllAttributesAsync(sourceUrl, visibilityTimeout: 0));
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(sourceUrl, visibilityTimeout: 0));

        var dead = Assert.Single(await _sqs.ReceiveAllAttributesAsync(deadLetterUrl));
        Assert.Equal(second.MessageId, dead.MessageId);
        Assert.Equal("poison", dead.Body);
        Assert.Equal(sourceArn, dead.Attributes["DeadLetterQueueSourceArn"]);
        Assert.Equal(second.Attributes["SentTimestamp"], dead.Attributes["SentTimestamp"]);

        var sources = await _sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = deadLetterUrl });
        Assert.Equal([sourceUrl], sources.QueueUrls);
    }

    [Fact]
    public async Task Move_task_returns_dead_letters_to_their_source_queue()
    {
        var (sourceUrl, deadLetterUrl, deadLetterArn, _) = await CreatePairAsync("moveback", maxReceiveCount: 1);
        await _sqs.SendMessageBatchAsync(sourceUrl, [new("a", "one"), new("b", "two"), new("c", "three")]);
        await _sqs.ReceiveAllAttributesAsync(sourceUrl, visibilityTimeout: 0);
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(sourceUrl, visibilityTimeout: 0));
        Assert.Equal("3", (await _sqs.AttributesAsync(deadLetterUrl, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);

        var started = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = deadLetterArn });
        Assert.False(string.IsNullOrEmpty(started.TaskHandle));
        var task = await WaitForTaskAsync(deadLetterArn);
        Assert.Equal("COMPLETED", task.Status);
        Assert.Equal(3, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal(3, task.ApproximateNumberOfMessagesToMove);

        var back = await _sqs.ReceiveAllAttributesAsync(sourceUrl);
        Assert.Equal(["one", "three", "two"], back.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.All(back, m => Assert.Equal("1", m.Attributes["ApproximateReceiveCount"]));
        Assert.Equal("0", (await _sqs.AttributesAsync(deadLetterUrl, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);

        var cancel = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = started.TaskHandle }));
        Assert.Equal("Only active tasks can be cancelled.", cancel.Message);
    }

    [Fact]
    public async Task Move_task_can_target_another_queue_and_be_cancelled_while_running()
    {
        var (sourceUrl, deadLetterUrl, deadLetterArn, _) = await CreatePairAsync("moveelse", maxReceiveCount: 1);
        var otherUrl = await _sqs.CreateUniqueQueueAsync("moveelse-other");
        var otherArn = (await _sqs.AttributesAsync(otherUrl, "QueueArn"))["QueueArn"];
        for (var i = 0; i < 3; i++)
        {
            await _sqs.SendMessageBatchAsync(sourceUrl, [.. Enumerable.Range(0, 10).Select(n => new SendMessageBatchRequestEntry($"m{n}", $"m{i}-{n}"))]);
        }
        while ((await _sqs.ReceiveAllAttributesAsync(sourceUrl, visibilityTimeout: 0)).Count > 0)
        {
        }
        Assert.Equal("30", (await _sqs.AttributesAsync(deadLetterUrl, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);

        var started = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = deadLetterArn, DestinationArn = otherArn, MaxNumberOfMessagesPerSecond = 1 });
        var second = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = deadLetterArn }));
        Assert.Equal("InvalidParameterValue", second.ErrorCode);
        var running = Assert.Single((await _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = deadLetterArn })).Results);
        Assert.Equal(("RUNNING", started.TaskHandle, otherArn, 1), (running.Status, running.TaskHandle, running.DestinationArn, running.MaxNumberOfMessagesPerSecond));

        var cancelled = await _sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = started.TaskHandle });
        Assert.InRange(cancelled.ApproximateNumberOfMessagesMoved.GetValueOrDefault(), 0, 29);
        var task = await WaitForTaskAsync(deadLetterArn);
        Assert.Equal("CANCELLED", task.Status);
        var moved = int.Parse((await _sqs.AttributesAsync(otherUrl, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"], System.Globalization.CultureInfo.InvariantCulture);
        var left = int.Parse((await _sqs.AttributesAsync(deadLetterUrl, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(30, moved + left);
        Assert.True(left > 0);
    }

    [Fact]
    public async Task Move_task_source_must_be_a_dead_letter_queue()
    {
        var url = await _sqs.CreateUniqueQueueAsync("notdlq");
        var arn = (await _sqs.AttributesAsync(url, "QueueArn"))["QueueArn"];
        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = arn }));
        Assert.Equal("Source queue must be configured as a Dead Letter Queue.", error.Message);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = "arn:aws:sqs:us-east-1:000000000000:" + LocalAwsFixture.UniqueName("none") }));
    }

    private async Task<ListMessageMoveTasksResultEntry> WaitForTaskAsync(string sourceArn)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var task = Assert.Single((await _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = sourceArn })).Results);
            if (task.Status is not ("RUNNING" or "CANCELLING") || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(50);
        }
    }
}
