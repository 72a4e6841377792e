using System.Text.Json.Nodes;
using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>
/// Adds a statement to the queue's Policy attribute, as SQS does (Sid = Label). LocalAws records policies but does not
/// enforce them. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html
/// </summary>
public sealed class AddPermission : SqsOperation
{
    private static readonly HashSet<string> SharableActions = new(StringComparer.Ordinal)
    {
        "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl",
        "ListDeadLetterSourceQueues", "PurgeQueue", "ListQueueTags", "StartMessageMoveTask", "CancelMessageMoveTask", "ListMessageMoveTasks",
    };

    private static readonly HashSet<string> OwnerOnlyActions = new(StringComparer.Ordinal)
    {
        "AddPermission", "RemovePermission", "CreateQueue", "DeleteQueue", "SetQueueAttributes", "ListQueues", "TagQueue", "UntagQueue",
    };

    public override string Name => "AddPermission";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var label = QueuePolicy.RequiredLabel(call.Input);
        var accounts = call.Input.StringList("AWSAccountIds");
        if (accounts is null || accounts.Count == 0)
        {
            throw SqsException.MissingParameter("The request must contain the parameter AWSAccountIds.");
        }
        var actions = call.Input.StringList("Actions");
        if (actions is null || actions.Count == 0)
        {
            throw SqsException.MissingParameter("The request must contain the parameter ActionName.");
        }
        foreach (var action in actions)
        {
            if (OwnerOnlyActions.Contains(action))
            {
                throw SqsException.InvalidParameterValue($"Value SQS:{action} for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.");
            }
            if (!SharableActions.Contains(action))
            {
                throw SqsException.InvalidParameterValue($"Value SQS:{action} for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.");
            }
        }

        var policy = QueuePolicy.Read(queue);
        var statements = policy["Statement"]!.AsArray();
        JsonNode OneOrMany(IEnumerable<string> values)
        {
            var list = values.ToList();
            return list.Count == 1 ? JsonValue.Create(list[0])! : new JsonArray([.. list.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
        var statement = new JsonObject
        {
            ["Sid"] = label,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = OneOrMany(accounts.Select(a => $"arn:aws:iam::{a}:root")) },
            ["Action"] = OneOrMany(actions.Select(a => "SQS:" + a)),
            ["Resource"] = queue.Arn,
        };
        if (statements.FirstOrDefault(s => s?["Sid"]?.GetValue<string>() == label) is { } existing)
        {
            // Adding the very same permission again is idempotent; a different one under the label is not.
            if (JsonNode.DeepEquals(existing, statement))
            {
                return ValueTask.CompletedTask;
            }
            throw SqsException.InvalidParameterValue($"Value {label} for parameter Label is invalid. Reason: Already exists.");
        }
        if (statements.Count + 1 > 20)
        {
            throw SqsException.OverLimit($"{statements.Count + 1} Statements were found, maximum allowed is 20.");
        }
        statements.Add(statement);
        call.State.SetAttributes(queue, new Dictionary<string, string> { ["Policy"] = policy.ToJsonString() });
        return ValueTask.CompletedTask;
    }
}

/// <summary>The queue policy document AddPermission and RemovePermission edit.</summary>
internal static class QueuePolicy
{
    public static string RequiredLabel(SqsInput input) =>
        input.String("Label") is { Length: > 0 } label ? label : throw SqsException.MissingParameter("The request must contain the parameter Label.");

    public static JsonObject Read(SqsQueue queue)
    {
        var policy = queue.Settings.Values.TryGetValue("Policy", out var text) ? JsonNode.Parse(text) as JsonObject : null;
        policy ??= new JsonObject { ["Version"] = "2012-10-17", ["Id"] = queue.Arn + "/SQSDefaultPolicy" };
        if (policy["Statement"] is not JsonArray)
        {
            policy["Statement"] = policy["Statement"] is JsonObject single ? new JsonArray(single.DeepClone()) : new JsonArray();
        }
        return policy;
    }
}
