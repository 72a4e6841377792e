using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html</summary>
public sealed class GetQueueUrl : SqsOperation
{
    public override string Name => "GetQueueUrl";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var name = SqsValidation.RequiredQueueName(call.Input);
        call.Request.ResourceName = name;
        var owner = call.Input.String("QueueOwnerAWSAccountId");
        var queue = owner is not null && owner != call.State.Options.AccountId ? null : call.State.Find(call.Request.Region, name);
        if (queue is null)
        {
            throw SqsException.QueueDoesNotExist();
        }
        call.Output.WriteString("QueueUrl", call.QueueUrl(queue));
        return ValueTask.CompletedTask;
    }
}
