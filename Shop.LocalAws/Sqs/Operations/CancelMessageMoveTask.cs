using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CancelMessageMoveTask.html</summary>
public sealed class CancelMessageMoveTask : SqsOperation
{
    public override string Name => "CancelMessageMoveTask";

    public override async ValueTask ExecuteAsync(SqsCall call)
    {
        var handle = call.Input.RequiredString("TaskHandle");
        if (!MessageMoveTask.IsWellFormedHandle(handle))
        {
            throw SqsException.InvalidParameterValue("Value for parameter TaskHandle is invalid.");
        }
        var task = call.State.FindMoveTask(handle, call.Request.Region)
            ?? throw SqsException.ResourceNotFound("The resource that you specified for the TaskHandle parameter doesn't exist.");
        if (task.Status != "RUNNING")
        {
            throw SqsException.InvalidParameterValue("Only active tasks can be cancelled.");
        }
        task.Status = "CANCELLING";
        await task.Cancellation.CancelAsync();
        call.Output.WriteNumber("ApproximateNumberOfMessagesMoved", Interlocked.Read(ref task.ApproximateNumberOfMessagesMoved));
    }
}
