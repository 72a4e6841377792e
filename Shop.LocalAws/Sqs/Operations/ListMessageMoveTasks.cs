using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html</summary>
public sealed class ListMessageMoveTasks : SqsOperation
{
    public override string Name => "ListMessageMoveTasks";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var sourceArn = call.Input.RequiredString("SourceArn");
        var maxResults = call.Input.Int("MaxResults");
        var source = StartMessageMoveTask.FindQueue(call.State, sourceArn, "SourceArn");
        call.Request.ResourceName = source.Name;
        if (maxResults is < 1 or > 10)
        {
            throw SqsException.InvalidParameterValue("Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.");
        }
        var output = call.Output;
        output.WriteStartArray("Results");
        foreach (var task in call.State.MoveTasks(source.Arn).Take(maxResults ?? 1))
        {
            var status = task.Status;
            output.WriteStartObject();
            if (status == "RUNNING")
            {
                output.WriteString("TaskHandle", task.TaskHandle);
            }
            output.WriteString("Status", status);
            output.WriteString("SourceArn", task.SourceArn);
            if (task.DestinationArn is not null)
            {
                output.WriteString("DestinationArn", task.DestinationArn);
            }
            if (task.MaxNumberOfMessagesPerSecond is { } rate)
            {
                output.WriteNumber("MaxNumberOfMessagesPerSecond", rate);
            }
            output.WriteNumber("ApproximateNumberOfMessagesMoved", Interlocked.Read(ref task.ApproximateNumberOfMessagesMoved));
            output.WriteNumber("ApproximateNumberOfMessagesToMove", task.ApproximateNumberOfMessagesToMove);
            if (task.FailureReason is not null && status == "FAILED")
            {
                output.WriteString("FailureReason", task.FailureReason);
            }
            output.WriteNumber("StartedTimestamp", task.StartedTimestamp);
            output.WriteEndObject();
        }
        output.WriteEndArray();
        return ValueTask.CompletedTask;
    }
}
