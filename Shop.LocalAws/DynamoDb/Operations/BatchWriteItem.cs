using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// BatchWriteItem: up to 25 puts and deletes across tables, each applied as its own write (no conditions);
/// here all are processed, so UnprocessedItems is always empty. Any invalid request rejects the whole batch.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
/// </summary>
internal sealed class BatchWriteItem : DynamoDbOperation
{
    public override string Name => "BatchWriteItem";

    public override WireShape Shape { get; } = Struct("BatchWriteItemInput",
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("ReturnItemCollectionMetrics", ReturnItemCollectionMetrics),
        ("RequestItems", new WireShape
        {
            Kind = WireKind.Map,
            TypeName = "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>",
            NotNull = true,
            RequiredNotEmpty = true,
            KeysAreTableNames = true,
            ValueLength = (1, 25),
            Element = new WireShape
            {
                Kind = WireKind.List,
                Parameterized = true,
                Element = ValueStruct("WriteRequest",
                    ("DeleteRequest", Struct("DeleteRequest", ("Key", AttributeMap(notNull: true)))),
                    ("PutRequest", Struct("PutRequest", ("Item", AttributeMap(notNull: true))))),
            },
        }));

    public override string? ResourceName(JsonElement request) =>
        request.TryGetProperty("RequestItems", out var items) && items.ValueKind == JsonValueKind.Object ? string.Join(",", items.EnumerateObject().Select(p => p.Name)) : null;

    private sealed record WriteRequest(string TableName, Dictionary<string, AttributeValue>? Put, Dictionary<string, AttributeValue>? DeleteKey);

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var requests = new List<WriteRequest>();
        foreach (var property in call.Request.GetProperty("RequestItems").EnumerateObject())
        {
            foreach (var request in property.Value.EnumerateArray())
            {
                // Unknown members are ignored, as everywhere in the protocol: a request with neither known one is empty.
                if (request.ValueKind != JsonValueKind.Object || (request.Member("PutRequest") is null && request.Member("DeleteRequest") is null))
                {
                    throw DynamoDbException.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }
                if (request.Member("PutRequest") is { } put)
                {
                    var item = Item.ReadJson(put.GetProperty("Item"));
                    ItemResponses.CheckSize(item);
                    requests.Add(new WriteRequest(property.Name, item, null));
                }
                else if (request.Member("DeleteRequest") is { } delete)
                {
                    requests.Add(new WriteRequest(property.Name, null, Item.ReadJson(delete.GetProperty("Key"))));
                }
            }
        }
        if (requests.Count > 25)
        {
            throw DynamoDbException.Validation("Too many items requested for the BatchWriteItem call");
        }

        var capacities = new Dictionary<string, ConsumedCapacity>(StringComparer.Ordinal);
        lock (call.State.Gate)
        {
            var changes = new List<ItemChange>(requests.Count);
            var seen = new List<(Table Table, Dictionary<string, AttributeValue> Key)>();
            foreach (var request in requests)
            {
                var table = call.RequireTable(request.TableName);
                Dictionary<string, AttributeValue> key;
                if (request.Put is not null)
                {
                    try
                    {
                        KeyRules.CheckItem(request.Put, table.Definition);
                    }
                    catch (DynamoDbException error) when (error.Message.Contains("Missing the key", StringComparison.Ordinal) || error.Message.Contains("Type mismatch for key", StringComparison.Ordinal))
                    {
                        throw DynamoDbException.Validation("The provided key element does not match the schema");
                    }
                    key = KeyRules.KeyOf(request.Put, table.Definition.Key);
                }
                else
                {
                    KeyRules.CheckKey(request.DeleteKey!, table.Definition);
                    key = request.DeleteKey!;
                }
                if (seen.Any(s => s.Table == table && BatchGetItem.SameKey(s.Key, key)))
                {
                    throw DynamoDbException.Validation("Provided list of item keys contains duplicates");
                }
                seen.Add((table, key));
                changes.Add(new ItemChange(table, request.Put, request.DeleteKey));
            }
            var previous = call.State.Apply(changes);
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                if (!capacities.TryGetValue(change.Table.Name, out var capacity))
                {
                    capacities[change.Table.Name] = capacity = new ConsumedCapacity(change.Table.Name);
                }
                capacity.AddWrite(change.Table, previous[i], change.Put);
            }
        }
        response.WriteStartObject("UnprocessedItems");
        response.WriteEndObject();
        ConsumedCapacity.WriteList(response, call.Request.String("ReturnConsumedCapacity"), capacities.Values);
    }
}
