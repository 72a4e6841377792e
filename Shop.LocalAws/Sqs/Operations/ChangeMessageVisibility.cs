using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html</summary>
public sealed class ChangeMessageVisibility : SqsOperation
{
    public override string Name => "ChangeMessageVisibility";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        Receipts.ChangeVisibility(call, queue, call.Input.String("ReceiptHandle"), call.Input.Int("VisibilityTimeout"));
        return ValueTask.CompletedTask;
    }
}
