using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_UntagQueue.html</summary>
public sealed class UntagQueue : SqsOperation
{
    public override string Name => "UntagQueue";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var keys = call.Input.StringList("TagKeys");
        if (keys is null || keys.Count == 0)
        {
            throw SqsException.MissingParameter("The request must contain the parameter TagKeys.");
        }
        call.State.Tag(queue, [], keys);
        return ValueTask.CompletedTask;
    }
}
