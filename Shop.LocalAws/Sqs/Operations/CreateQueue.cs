using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html</summary>
public sealed class CreateQueue : SqsOperation
{
    public override string Name => "CreateQueue";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var name = SqsValidation.RequiredQueueName(call.Input);
        var attributes = call.Input.StringMap("Attributes") ?? [];
        // A FIFO queue is asked for with FifoQueue=true; only then may (and must) its name end in .fifo.
        var fifo = attributes.TryGetValue("FifoQueue", out var fifoValue) && string.Equals(fifoValue, "true", StringComparison.OrdinalIgnoreCase);
        SqsValidation.QueueName(name, fifo);
        call.Request.ResourceName = name;
        var tags = call.Input.StringMap("tags") ?? [];
        TagQueue.ValidateTags(tags);
        var queue = call.State.CreateQueue(name, call.Request.Region, attributes, tags);
        call.Output.WriteString("QueueUrl", call.QueueUrl(queue));
        return ValueTask.CompletedTask;
    }
}
