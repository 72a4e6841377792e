using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html</summary>
public sealed class StartMessageMoveTask : SqsOperation
{
    public override string Name => "StartMessageMoveTask";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var sourceArn = call.Input.RequiredString("SourceArn");
        var destinationArn = call.Input.String("DestinationArn");
        var rate = call.Input.Int("MaxNumberOfMessagesPerSecond");
        var source = FindQueue(call.State, sourceArn, "SourceArn");
        call.Request.ResourceName = source.Name;
        if (rate is < 1 or > 500)
        {
            throw SqsException.InvalidParameterValue("Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.");
        }
        if (!call.State.IsDeadLetterQueue(source))
        {
            throw SqsException.InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
        }
        if (destinationArn is not null)
        {
            // Messages move within their region: a destination in another region is as absent as none.
            var destination = FindQueue(call.State, destinationArn, "DestinationArn", source.Region);
            if (destination == source)
            {
                throw SqsException.InvalidParameterValue("Source queue arn and destination queue arn cannot be the same.");
            }
            if (destination.IsFifo != source.IsFifo)
            {
                throw SqsException.InvalidParameterValue("The source queue and destination queue must be of the same queue type.");
            }
        }
        var task = call.State.StartMoveTask(source, destinationArn, rate);
        call.Output.WriteString("TaskHandle", task.TaskHandle);
        return ValueTask.CompletedTask;
    }

    /// <summary>The queue an ARN names, in the ARN's own region or, when <paramref name="region"/> is given, only in that one.</summary>
    internal static SqsQueue FindQueue(SqsState state, string arn, string member, string? region = null)
    {
        if (!SqsArn.TryParse(arn, out _, out _, out _))
        {
            throw SqsException.InvalidParameterValue($"Value {arn} for parameter {member} is invalid. Reason: Invalid ARN.");
        }
        return (region is null ? state.FindByArn(arn) : state.FindByArn(arn, region))
            ?? throw SqsException.ResourceNotFound($"The resource that you specified for the {member} parameter doesn't exist.");
    }
}
