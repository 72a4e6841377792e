using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// PutItem: replaces the item with the same key, optionally only when a ConditionExpression holds.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
/// </summary>
internal sealed class PutItem : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["ConditionExpression"], ["Expected", "ConditionalOperator"]);

    public override string Name => "PutItem";

    public override WireShape Shape { get; } = Struct("PutItemInput",
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("TableName", TableNameShape()),
        ("Item", AttributeMap(notNull: true)),
        ("ConditionalOperator", LegacyShapes.ConditionalOperator),
        ("Expected", LegacyShapes.Expected),
        ("ReturnValues", Str(["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"])),
        ("ReturnItemCollectionMetrics", ReturnItemCollectionMetrics),
        ("ConditionExpression", Str()),
        ("ExpressionAttributeValues", AttributeMap()),
        ("ExpressionAttributeNames", ExpressionAttributeNames),
        ("ReturnValuesOnConditionCheckFailure", Str(["ALL_OLD", "NONE"])));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Parameters.Check(request);
        var item = RequestMembers.ReadItem(request.GetProperty("Item"));
        var returnValues = request.String("ReturnValues") ?? "NONE";
        if (returnValues is not ("ALL_OLD" or "NONE"))
        {
            throw DynamoDbException.Validation("ReturnValues can only be ALL_OLD or NONE");
        }
        ItemResponses.CheckSize(item);
        var attributes = request.ExpressionAttributes();
        var expected = LegacyConditions.ReadExpected(request);
        var condition = request.String("ConditionExpression") is { } text
            ? ConditionExpression.Parse(text, attributes)
            : LegacyConditions.ToCondition(expected, request.String("ConditionalOperator"));
        attributes.ThrowIfUnused();

        var state = call.State;
        lock (state.Gate)
        {
            var table = call.RequireTable(request.String("TableName")!);
            KeyRules.CheckItem(item, table.Definition);
            // Only a condition needs the item before the write; the write itself returns the item it replaced.
            if (condition is not null && table.Get(item) is var current && !condition.Evaluate(current))
            {
                throw ItemResponses.ConditionFailed(request, current);
            }
            var existing = state.Apply([new ItemChange(table, item, null)])[0];
            if (existing is not null && returnValues == "ALL_OLD")
            {
                ItemResponses.WriteItem(response, "Attributes", existing);
            }
            ItemCollectionMetrics.WriteIfRequested(response, request, table, item);
            if (!ConsumedCapacity.Requested(request.String("ReturnConsumedCapacity")))
            {
                return;
            }
            var capacity = new ConsumedCapacity(table.Name);
            capacity.AddWrite(table, existing, item);
            capacity.Write(response, request.String("ReturnConsumedCapacity"));
        }
    }
}
