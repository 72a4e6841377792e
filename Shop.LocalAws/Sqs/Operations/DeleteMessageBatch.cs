using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html</summary>
public sealed class DeleteMessageBatch : SqsOperation
{
    public override string Name => "DeleteMessageBatch";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        BatchResults.Run(call, "DeleteMessageBatchRequestEntry", entry => Receipts.Delete(call, queue, entry.String("ReceiptHandle")));
        return ValueTask.CompletedTask;
    }
}
