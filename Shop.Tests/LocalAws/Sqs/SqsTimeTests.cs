using Amazon.SQS;
using Amazon.SQS.Model;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>Everything that waits on time, on a clock the test moves: retention, delays, visibility timeouts, purge intervals.</summary>
public class SqsTimeTests(ManualClockLocalAwsFixture localAws) : IClassFixture<ManualClockLocalAwsFixture>
{
    private readonly AmazonSQSClient _sqs = localAws.CreateSqsClient();

    [Fact]
    public async Task Messages_older_than_the_retention_period_disappear()
    {
        var url = await _sqs.CreateUniqueQueueAsync("retention", new() { ["MessageRetentionPeriod"] = "60" });
        await _sqs.SendMessageAsync(url, "old");
        localAws.Clock.Advance(TimeSpan.FromSeconds(30));
        await _sqs.SendMessageAsync(url, "young");
        Assert.Equal("2", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);

        localAws.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("1", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);
        var remaining = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));
        Assert.Equal("young", remaining.Body);
    }

    [Fact]
    public async Task In_flight_messages_expire_too()
    {
        var url = await _sqs.CreateUniqueQueueAsync("retflight", new() { ["MessageRetentionPeriod"] = "60" });
        await _sqs.SendMessageAsync(url, "held");
        Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 600));
        localAws.Clock.Advance(TimeSpan.FromSeconds(61));
        var attributes = await _sqs.AttributesAsync(url);
        Assert.Equal("0", attributes["ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("0", attributes["ApproximateNumberOfMessages"]);
    }

    [Fact]
    public async Task Purge_is_allowed_again_after_sixty_seconds()
    {
        var url = await _sqs.CreateUniqueQueueAsync("purgeagain");
        await _sqs.PurgeQueueAsync(url);
        await Assert.ThrowsAsync<PurgeQueueInProgressException>(() => _sqs.PurgeQueueAsync(url));
        localAws.Clock.Advance(TimeSpan.FromSeconds(61));
        await _sqs.SendMessageAsync(url, "x");
        await _sqs.PurgeQueueAsync(url);
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
    }

    [Fact]
    public async Task Delayed_message_is_counted_as_delayed_until_its_delay_passes()
    {
        var url = await _sqs.CreateUniqueQueueAsync("delay");
        await _sqs.SendMessageAsync(new SendMessageRequest(url, "later") { DelaySeconds = 60 });
        var attributes = await _sqs.AttributesAsync(url);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.Equal("0", attributes["ApproximateNumberOfMessages"]);
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
        localAws.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("later", Assert.Single(await _sqs.ReceiveAllAttributesAsync(url)).Body);
    }

    [Fact]
    public async Task Queue_delay_applies_to_messages_sent_without_their_own()
    {
        var url = await _sqs.CreateUniqueQueueAsync("queuedelay", new() { ["DelaySeconds"] = "30" });
        await _sqs.SendMessageAsync(url, "queue delay");
        await _sqs.SendMessageAsync(new SendMessageRequest(url, "no delay") { DelaySeconds = 0 });
        Assert.Equal("no delay", Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 600)).Body);
        localAws.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("queue delay", Assert.Single(await _sqs.ReceiveAllAttributesAsync(url)).Body);
    }

    [Fact]
    public async Task Message_becomes_visible_again_after_its_visibility_timeout_with_receive_count_two()
    {
        var url = await _sqs.CreateUniqueQueueAsync("visibility");
        await _sqs.SendMessageAsync(url, "retry me");
        var first = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 30));
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
        Assert.Equal("1", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessagesNotVisible"))["ApproximateNumberOfMessagesNotVisible"]);
        localAws.Clock.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(first.Attributes["ApproximateFirstReceiveTimestamp"], second.Attributes["ApproximateFirstReceiveTimestamp"]);
        // The first receipt is stale now: it neither deletes nor changes the message the second receive holds.
        await _sqs.DeleteMessageAsync(url, first.ReceiptHandle);
        await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 0));
        Assert.Equal("1", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessagesNotVisible"))["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task A_long_poll_applies_the_queue_visibility_timeout_in_force_when_the_message_is_delivered()
    {
        var url = await _sqs.CreateUniqueQueueAsync("vislate", new() { ["VisibilityTimeout"] = "600" });
        var poll = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 20 });
        await Task.Delay(500); // let the poll start waiting before the queue changes
        await _sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "5" });
        await _sqs.SendMessageAsync(url, "late");

        Assert.Equal("late", Assert.Single((await poll).Messages).Body);
        localAws.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("late", Assert.Single(await _sqs.ReceiveAllAttributesAsync(url)).Body);
    }
}
