using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// TransactGetItems: up to 100 consistent reads taken at one instant; Responses are in request order
/// (an empty object for a missing item). Each read costs twice a strongly consistent read.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
/// </summary>
internal sealed class TransactGetItems : DynamoDbOperation
{
    public override string Name => "TransactGetItems";

    public override WireShape Shape { get; } = Struct("TransactGetItemsInput",
        ("TransactItems", List(ValueStruct("TransactGetItem",
            ("Get", Struct("Get",
                ("Key", AttributeMap(notNull: true)),
                ("TableName", TableNameShape()),
                ("ProjectionExpression", Str()),
                ("ExpressionAttributeNames", ExpressionAttributeNames)).With(notNull: true))).With(notNull: true), minLength: 1, maxLength: 100).With(notNull: true)),
        ("ReturnConsumedCapacity", ReturnConsumedCapacity));

    public override string? ResourceName(JsonElement request) => null;

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var gets = new List<(string Table, Dictionary<string, AttributeValue> Key, ItemProjection? Projection)>();
        foreach (var element in call.Request.GetProperty("TransactItems").EnumerateArray())
        {
            var get = element.GetProperty("Get");
            gets.Add((get.String("TableName")!, Item.ReadJson(get.GetProperty("Key")), GetItem.ReadProjection(get)));
        }
        var capacities = new Dictionary<string, ConsumedCapacity>(StringComparer.Ordinal);
        var items = new List<Dictionary<string, AttributeValue>?>();
        lock (call.State.Gate)
        {
            var tables = gets.Select(g => call.RequireTable(g.Table)).ToList();
            // The request's own checks first (key values, one read per item), then each read's: a key that does not
            // fit its table's schema cancels the transaction with a ValidationError in its place (as DynamoDB answers,
            // captured by the dynamodb-conformance suite).
            var reasons = new List<JsonObject>(gets.Count);
            for (var i = 0; i < gets.Count; i++)
            {
                KeyRules.CheckKeyValues(gets[i].Key, tables[i].Definition, isItem: false);
                for (var j = 0; j < i; j++)
                {
                    if (tables[j] == tables[i] && BatchGetItem.SameKey(gets[j].Key, gets[i].Key))
                    {
                        throw DynamoDbException.Validation("Transaction request cannot include multiple operations on one item");
                    }
                }
                reasons.Add(KeyRules.KeySchemaProblem(gets[i].Key, tables[i].Definition) is { } problem
                    ? TransactionCancellation.ValidationError(problem)
                    : TransactionCancellation.None());
            }
            if (TransactionCancellation.Cancelled(reasons))
            {
                throw TransactionCancellation.Exception(reasons);
            }
            for (var i = 0; i < gets.Count; i++)
            {
                var item = tables[i].Get(gets[i].Key);
                items.Add(item is null ? null : gets[i].Projection is { } projection ? projection.Project(item) : item);
                if (!capacities.TryGetValue(tables[i].Name, out var capacity))
                {
                    capacities[tables[i].Name] = capacity = new ConsumedCapacity(tables[i].Name);
                }
                capacity.AddTable(2 * ConsumedCapacity.ReadUnits(item is null ? 0 : Item.Size(item), consistent: true));
            }
        }
        response.WriteStartArray("Responses");
        foreach (var item in items)
        {
            response.WriteStartObject();
            if (item is not null)
            {
                ItemResponses.WriteItem(response, "Item", item);
            }
            response.WriteEndObject();
        }
        response.WriteEndArray();
        ConsumedCapacity.WriteList(response, call.Request.String("ReturnConsumedCapacity"), capacities.Values);
    }
}
