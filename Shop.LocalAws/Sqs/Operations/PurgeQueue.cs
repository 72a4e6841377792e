using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html</summary>
public sealed class PurgeQueue : SqsOperation
{
    public override string Name => "PurgeQueue";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        if (!call.State.Purge(queue))
        {
            throw SqsException.PurgeQueueInProgress(queue.Name);
        }
        return ValueTask.CompletedTask;
    }
}
