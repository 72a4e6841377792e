using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteQueue.html</summary>
public sealed class DeleteQueue : SqsOperation
{
    public override string Name => "DeleteQueue";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        call.State.DeleteQueue(call.ResolveQueue());
        return ValueTask.CompletedTask;
    }
}
