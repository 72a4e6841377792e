using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

public class SqsFifoTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonSQSClient _sqs = localAws.CreateSqsClient();

    private async Task<string> CreateFifoAsync(bool contentBased)
    {
        var response = await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = LocalAwsFixture.UniqueName("fifo") + ".fifo",
            Attributes = new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = contentBased ? "true" : "false" },
        });
        return response.QueueUrl;
    }

    [Fact]
    public async Task Fifo_queue_delivers_a_group_in_order_one_batch_at_a_time()
    {
        var url = await CreateFifoAsync(contentBased: true);
        var sequenceNumbers = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            sequenceNumbers.Add((await _sqs.SendMessageAsync(new SendMessageRequest(url, $"step {i}") { MessageGroupId = "order-1" })).SequenceNumber);
        }
        Assert.Equal(sequenceNumbers.Order(StringComparer.Ordinal), sequenceNumbers);

        var first = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, max: 1));
        Assert.Equal("step 1", first.Body);
        Assert.Equal("order-1", first.Attributes["MessageGroupId"]);
        // While step 1 is in flight, the rest of its group waits.
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
        await _sqs.DeleteMessageAsync(url, first.ReceiptHandle);
        var rest = await _sqs.ReceiveAllAttributesAsync(url);
        Assert.Equal(["step 2", "step 3"], rest.Select(m => m.Body));
    }

    [Fact]
    public async Task Fifo_queue_drops_duplicates_within_the_deduplication_interval()
    {
        var url = await CreateFifoAsync(contentBased: false);
        var first = await _sqs.SendMessageAsync(new SendMessageRequest(url, "pay") { MessageGroupId = "g", MessageDeduplicationId = "order-7" });
        var again = await _sqs.SendMessageAsync(new SendMessageRequest(url, "pay") { MessageGroupId = "g", MessageDeduplicationId = "order-7" });
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));

        var missingGroup = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(new SendMessageRequest(url, "x") { MessageDeduplicationId = "d" }));
        Assert.Equal("The request must contain the parameter MessageGroupId.", missingGroup.Message);
        var missingDedup = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(new SendMessageRequest(url, "x") { MessageGroupId = "g" }));
        Assert.Equal("InvalidParameterValue", missingDedup.ErrorCode);
    }

    [Fact]
    public async Task Standard_queue_rejects_a_deduplication_id()
    {
        var url = await _sqs.CreateUniqueQueueAsync("std");
        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(new SendMessageRequest(url, "x") { MessageDeduplicationId = "d" }));
        Assert.Equal("The request include parameter MessageDeduplicationId which is not valid for this queue type", error.Message);
    }
}
