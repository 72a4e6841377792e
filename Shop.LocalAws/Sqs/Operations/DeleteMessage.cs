using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html</summary>
public sealed class DeleteMessage : SqsOperation
{
    public override string Name => "DeleteMessage";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        Receipts.Delete(call, queue, call.Input.String("ReceiptHandle"));
        return ValueTask.CompletedTask;
    }
}
