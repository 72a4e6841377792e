using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html</summary>
public sealed class SetQueueAttributes : SqsOperation
{
    public override string Name => "SetQueueAttributes";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var attributes = call.Input.StringMap("Attributes")
            ?? throw SqsException.MissingParameter("The request must contain the parameter Attributes.");
        call.State.SetAttributes(queue, attributes);
        return ValueTask.CompletedTask;
    }
}
