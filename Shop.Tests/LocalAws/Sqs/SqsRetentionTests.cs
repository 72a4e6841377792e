using Amazon.SQS;
using Amazon.SQS.Model;

namespace Shop.Tests.LocalAws.Sqs;

public class SqsRetentionTests(ManualClockLocalAwsFixture localAws) : IClassFixture<ManualClockLocalAwsFixture>
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
}
