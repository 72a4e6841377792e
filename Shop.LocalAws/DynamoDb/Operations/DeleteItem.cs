using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// DeleteItem, optionally only when a ConditionExpression holds; deleting a missing item succeeds.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html
/// </summary>
internal sealed class DeleteItem : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["ConditionExpression"], ["Expected", "ConditionalOperator"]);

    public override string Name => "DeleteItem";

    public override WireShape Shape { get; } = Struct("DeleteItemInput",
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("TableName", TableNameShape()),
        ("ReturnValues", Str(["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"])),
        ("ReturnItemCollectionMetrics", ReturnItemCollectionMetrics),
        ("Key", AttributeMap(notNull: true)),
        ("ConditionalOperator", LegacyShapes.ConditionalOperator),
        ("Expected", LegacyShapes.Expected),
        ("ConditionExpression", Str()),
        ("ExpressionAttributeValues", AttributeMap()),
        ("ExpressionAttributeNames", ExpressionAttributeNames),
        ("ReturnValuesOnConditionCheckFailure", Str(["ALL_OLD", "NONE"])));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Parameters.Check(request);
        var key = RequestMembers.ReadItem(request.GetProperty("Key"));
        var returnValues = request.String("ReturnValues") ?? "NONE";
        if (returnValues is not ("ALL_OLD" or "NONE"))
        {
            throw DynamoDbException.Validation("ReturnValues can only be ALL_OLD or NONE");
        }
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
            KeyRules.CheckKey(key, table.Definition);
            var existing = table.Get(key);
            if (condition is not null && !condition.Evaluate(existing))
            {
                throw ItemResponses.ConditionFailed(request, existing);
            }
            if (existing is not null)
            {
                state.Apply([new ItemChange(table, null, key)]);
                if (returnValues == "ALL_OLD")
                {
                    ItemResponses.WriteItem(response, "Attributes", existing);
                }
            }
            ItemCollectionMetrics.WriteIfRequested(response, request, table, key);
            if (!ConsumedCapacity.Requested(request.String("ReturnConsumedCapacity")))
            {
                return;
            }
            var capacity = new ConsumedCapacity(table.Name);
            capacity.AddWrite(table, existing, null);
            capacity.Write(response, request.String("ReturnConsumedCapacity"));
        }
    }
}
