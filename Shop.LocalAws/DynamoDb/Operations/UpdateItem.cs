using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// UpdateItem: applies an UpdateExpression (or the legacy AttributeUpdates) to the item, creating it when missing,
/// optionally only when a ConditionExpression (or the legacy Expected) holds, and returns what ReturnValues asks for.
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
            WriteReturnValues(response, returnValues, existing, updated, parsed);
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

    internal sealed record ParsedUpdate(UpdateExpression? Update, ConditionExpression? Condition, LegacyAttributeUpdates? AttributeUpdates = null);

    /// <summary>The legacy members first, then the expressions, as DynamoDB checks them (a request has one kind or the other).</summary>
    internal static ParsedUpdate Parse(JsonElement request)
    {
        var attributeUpdates = LegacyAttributeUpdates.Read(request);
        var expected = LegacyConditions.ReadExpected(request);
        var attributes = request.ExpressionAttributes();
        var update = request.String("UpdateExpression") is { } updateText ? UpdateExpression.Parse(updateText, attributes) : null;
        var condition = request.String("ConditionExpression") is { } conditionText
            ? ConditionExpression.Parse(conditionText, attributes)
            : LegacyConditions.ToCondition(expected, request.String("ConditionalOperator"));
        attributes.ThrowIfUnused();
        return new ParsedUpdate(update, condition, attributeUpdates);
    }

    /// <summary>Checks the key, the condition and the updated item; returns the item before and after. Changes nothing.</summary>
    internal static (Dictionary<string, AttributeValue>? Existing, Dictionary<string, AttributeValue> Updated) Prepare(
        Table table, Dictionary<string, AttributeValue> key, ParsedUpdate parsed, JsonElement request)
    {
        var definition = table.Definition;
        KeyRules.CheckKey(key, definition);
        var updatedNames = parsed.Update?.TopLevelAttributeNames ?? parsed.AttributeUpdates?.AttributeNames;
        if (updatedNames is not null)
        {
            foreach (var attribute in definition.Key.Attributes)
            {
                if (updatedNames.Contains(attribute.Name))
                {
                    throw DynamoDbException.Validation($"One or more parameter values were invalid: Cannot update attribute {attribute.Name}. This attribute is part of the key");
                }
            }
        }
        parsed.AttributeUpdates?.CheckIndexKeyTypes(definition);
        var existing = table.Get(key);
        if (parsed.Condition is not null && !parsed.Condition.Evaluate(existing))
        {
            throw ItemResponses.ConditionFailed(request, existing);
        }
        var updated = parsed.Update is not null ? parsed.Update.Apply(existing ?? key)
            : parsed.AttributeUpdates is not null ? parsed.AttributeUpdates.Apply(existing ?? key)
            : new Dictionary<string, AttributeValue>(existing ?? key, StringComparer.Ordinal);
        KeyRules.CheckIndexKeys(updated, definition);
        ItemResponses.CheckSize(updated, "Item size to update has exceeded the maximum allowed size");
        return (existing, updated);
    }

    private static void WriteReturnValues(Utf8JsonWriter response, string returnValues, Dictionary<string, AttributeValue>? existing,
        Dictionary<string, AttributeValue> updated, ParsedUpdate parsed)
    {
        var update = parsed.Update;
        var legacy = parsed.AttributeUpdates;
        Dictionary<string, AttributeValue>? attributes = returnValues switch
        {
            "ALL_OLD" => existing,
            "ALL_NEW" => updated,
            // Only the paths the expression touched, nested ones included, as they were before or are after.
            "UPDATED_OLD" when existing is not null && update is not null => update.ProjectUpdatedPaths(existing),
            "UPDATED_NEW" when update is not null => update.ProjectUpdatedPaths(updated),
            "UPDATED_OLD" when existing is not null && legacy is not null => legacy.ProjectUpdated(existing),
            "UPDATED_NEW" when legacy is not null => legacy.ProjectUpdated(updated),
            _ => null,
        };
        if (attributes is { Count: > 0 })
        {
            ItemResponses.WriteItem(response, "Attributes", attributes);
        }
    }
}
