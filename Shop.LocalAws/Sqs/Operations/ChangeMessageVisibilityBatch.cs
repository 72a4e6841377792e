using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html</summary>
public sealed class ChangeMessageVisibilityBatch : SqsOperation
{
    public override string Name => "ChangeMessageVisibilityBatch";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        BatchResults.Run(call, "ChangeMessageVisibilityBatchRequestEntry",
            entry => Receipts.ChangeVisibility(call, queue, entry.String("ReceiptHandle"), entry.Int("VisibilityTimeout")));
        return ValueTask.CompletedTask;
    }
}
