using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_RemovePermission.html</summary>
public sealed class RemovePermission : SqsOperation
{
    public override string Name => "RemovePermission";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var label = QueuePolicy.RequiredLabel(call.Input);
        var policy = QueuePolicy.Read(queue);
        var statements = policy["Statement"]!.AsArray();
        var statement = statements.FirstOrDefault(s => s?["Sid"]?.GetValue<string>() == label)
            ?? throw SqsException.InvalidParameterValue($"Value {label} for parameter Label is invalid. Reason: can't find label on existing policy.");
        statements.Remove(statement);
        // The last statement gone, SQS drops the policy altogether.
        call.State.SetAttributes(queue, new Dictionary<string, string> { ["Policy"] = statements.Count == 0 ? string.Empty : policy.ToJsonString() });
        return ValueTask.CompletedTask;
    }
}
