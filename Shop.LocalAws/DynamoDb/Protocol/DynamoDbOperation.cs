using System.Text.Json;
using Shop.LocalAws.DynamoDb.State;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.DynamoDb.Protocol;

/// <summary>
/// One DynamoDB API action: its request shape (checked before <see cref="Execute"/> runs) and its behaviour.
/// <see cref="Execute"/> applies the action's own checks in the order AWS applies them, then changes state
/// (all or nothing) and writes the response members.
/// </summary>
internal abstract class DynamoDbOperation
{
    public abstract string Name { get; }

    public abstract WireShape Shape { get; }

    /// <summary>The table the request names, for tracing and the call log (null for multi-table actions).</summary>
    public virtual string? ResourceName(JsonElement request) =>
        request.TryGetProperty("TableName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    /// <summary>False for actions whose output has no members (TagResource, UntagResource): AWS sends an empty body.</summary>
    public virtual bool HasOutput => true;

    public abstract void Execute(DynamoDbCall call, Utf8JsonWriter response);
}

/// <summary>One request as an operation sees it.</summary>
internal sealed class DynamoDbCall
{
    public required JsonElement Request { get; init; }
    public required AwsRequestContext Context { get; init; }
    public required DynamoDbState State { get; init; }

    /// <summary>The Host the client addressed (DescribeEndpoints answers with it).</summary>
    public string? Host { get; init; }

    /// <summary>The table of this name or ARN (<see cref="TableReference"/>) in the region the request is signed for, if there is one.</summary>
    public Table? FindTable(string nameOrArn) => State.Find(Context.Region, TableReference.NameOf(this, nameOrArn));

    /// <summary>The table of this name or ARN in the request's region; DynamoDB's message for a missing one.</summary>
    public Table RequireTable(string nameOrArn) => State.Require(Context.Region, TableReference.NameOf(this, nameOrArn));
}
