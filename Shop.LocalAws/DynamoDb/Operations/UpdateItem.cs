using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// UpdateItem: applies an UpdateExpression to the item (creating it when missing), optionally only when a
/// ConditionExpression holds, and returns what ReturnValues asks for.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
/// </summary>
internal sealed class UpdateItem : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["UpdateExpression", "ConditionExpression"], ["AttributeUpdates", "Expected", "ConditionalOperator"]);

    public override string Name => "UpdateItem";

    public override WireShape Shape { get; } = Struct("UpdateItemInput",
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("TableName", TableNameShape()),
        ("ReturnItemCollectionMetrics", ReturnItemCollectionMetrics),
        ("ReturnValues", Str(["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"])),
        ("Key", AttributeMap(notNull: true)),
        ("ConditionalOperator", LegacyShapes.ConditionalOperator),
        ("Expected", LegacyShapes.Expected),
        ("AttributeUpdates", LegacyShapes.AttributeUpdates),
        ("ConditionExpression", Str()),
        ("UpdateExpression", Str()),
        ("ExpressionAttributeValues", AttributeMap()),
        ("ExpressionAttributeNames", ExpressionAttributeNames),
        ("ReturnValuesOnConditionCheckFailure", Str(["ALL_OLD", "NONE"])));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Parameters.Check(request);
        var key = RequestMembers.ReadItem(request.GetProperty("Key"));
        var parsed = Parse(request);
        var returnValues = request.String("ReturnValues") ?? "NONE";

        var state = call.State;
        lock (state.Gate)
        {
            var table = call.RequireTable(request.String("TableName")!);
            var (existing, updated) = Prepare(table, key, parsed, request);
            state.Apply([new ItemChange(table, updated, null)]);
            WriteReturnValues(response, returnValues, existing, updated, parsed.Update);
            ItemCollectionMetrics.WriteIfRequested(response, request, table, updated);
            if (!ConsumedCapacity.Requested(request.String("ReturnConsumedCapacity")))
            {
                return;
            }
            var capacity = new ConsumedCapacity(table.Name);
            capacity.AddWrite(table, existing, updated);
            capacity.Write(response, request.String("ReturnConsumedCapacity"));
        }
    }

    internal sealed record ParsedUpdate(UpdateExpression? Update, ConditionExpression? Condition);

    internal static ParsedUpdate Parse(JsonElement request)
    {
        var attributes = request.ExpressionAttributes();
        var update = request.String("UpdateExpression") is { } updateText ? UpdateExpression.Parse(updateText, attributes) : null;
        var condition = request.String("ConditionExpression") is { } conditionText ? ConditionExpression.Parse(conditionText, attributes) : null;
        attributes.ThrowIfUnused();
        return new ParsedUpdate(update, condition);
    }

    /// <summary>Checks the key, the condition and the updated item; returns the item before and after. Changes nothing.</summary>
    internal static (Dictionary<string, AttributeValue>? Existing, Dictionary<string, AttributeValue> Updated) Prepare(
        Table table, Dictionary<string, AttributeValue> key, ParsedUpdate parsed, JsonElement request)
    {
        var definition = table.Definition;
        KeyRules.CheckKey(key, definition);
        if (parsed.Update is { } update)
        {
            foreach (var attribute in definition.Key.Attributes)
            {
                if (update.TopLevelAttributeNames.Contains(attribute.Name))
                {
                    throw DynamoDbException.Validation($"One or more parameter values were invalid: Cannot update attribute {attribute.Name}. This attribute is part of the key");
                }
            }
        }
        var existing = table.Get(key);
        if (parsed.Condition is not null && !parsed.Condition.Evaluate(existing))
        {
            throw ItemResponses.ConditionFailed(request, existing);
        }
        var updated = parsed.Update is null
            ? new Dictionary<string, AttributeValue>(existing ?? key, StringComparer.Ordinal)
            : parsed.Update.Apply(existing ?? key);
        KeyRules.CheckIndexKeys(updated, definition);
        ItemResponses.CheckSize(updated, "Item size to update has exceeded the maximum allowed size");
        return (existing, updated);
    }

    private static void WriteReturnValues(Utf8JsonWriter response, string returnValues, Dictionary<string, AttributeValue>? existing,
        Dictionary<string, AttributeValue> updated, UpdateExpression? update)
    {
        Dictionary<string, AttributeValue>? attributes = returnValues switch
        {
            "ALL_OLD" => existing,
            "ALL_NEW" => updated,
            // Only the paths the expression touched, nested ones included, as they were before or are after.
            "UPDATED_OLD" when existing is not null && update is not null => update.ProjectUpdatedPaths(existing),
            "UPDATED_NEW" when update is not null => update.ProjectUpdatedPaths(updated),
            _ => null,
        };
        if (attributes is { Count: > 0 })
        {
            ItemResponses.WriteItem(response, "Attributes", attributes);
        }
    }
}
