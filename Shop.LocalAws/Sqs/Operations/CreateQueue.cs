using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html</summary>
public sealed class CreateQueue : SqsOperation
{
    public override string Name => "CreateQueue";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var name = call.Input.String("QueueName");
        if (string.IsNullOrEmpty(name))
        {
            throw SqsException.InvalidParameterValue("Value for parameter QueueName is invalid. Reason: Must specify a queue name.");
        }
        SqsValidation.QueueName(name);
        call.Request.ResourceName = name;
        var attributes = call.Input.StringMap("Attributes") ?? [];
        var fifo = name.EndsWith(".fifo", StringComparison.Ordinal);
        if (attributes.TryGetValue("FifoQueue", out var fifoValue) && string.Equals(fifoValue, "true", StringComparison.OrdinalIgnoreCase) != fifo)
        {
            throw fifo
                ? SqsException.InvalidAttributeValue("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")
                : SqsException.InvalidParameterValue("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
        }
        var tags = call.Input.StringMap("tags") ?? [];
        TagQueue.ValidateTags(tags);
        var queue = call.State.CreateQueue(name, call.Request.Region, attributes, tags);
        call.Output.WriteString("QueueUrl", call.QueueUrl(queue));
        return ValueTask.CompletedTask;
    }
}
