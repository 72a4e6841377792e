using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// BatchGetItem: up to 100 keys across tables. Every key is processed (UnprocessedKeys is empty) unless the
/// response would pass DynamoDB's 16 MB limit, in which case the rest come back as UnprocessedKeys.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
/// </summary>
internal sealed class BatchGetItem : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["ProjectionExpression"], ["AttributesToGet"]);

    private const long ResponseLimit = 16 * 1024 * 1024;

    public override string Name => "BatchGetItem";

    public override WireShape Shape { get; } = Struct("BatchGetItemInput",
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("RequestItems", new WireShape
        {
            Kind = WireKind.Map,
            TypeName = "KeysAndAttributes",
            NotNull = true,
            RequiredNotEmpty = true,
            KeysAreTableNames = true,
            Element = ValueStruct("KeysAndAttributes",
                ("Keys", new WireShape { Kind = WireKind.List, Element = AttributeMap(parameterized: true), NotNull = true, MinLength = 1, MaxLength = 100, ReportedWithoutValue = true }),
                ("AttributesToGet", LegacyShapes.AttributesToGet),
                ("ConsistentRead", Bool()),
                ("ProjectionExpression", Str()),
                ("ExpressionAttributeNames", ExpressionAttributeNames)).With(notNull: true),
        }));

    public override string? ResourceName(JsonElement request) =>
        request.TryGetProperty("RequestItems", out var items) && items.ValueKind == JsonValueKind.Object ? string.Join(",", items.EnumerateObject().Select(p => p.Name)) : null;

    private sealed record TableRequest(string TableName, List<Dictionary<string, AttributeValue>> Keys, List<JsonElement> RawKeys, ItemProjection? Projection, bool Consistent, JsonElement Json);

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var requests = new List<TableRequest>();
        var total = 0;
        foreach (var property in call.Request.GetProperty("RequestItems").EnumerateObject())
        {
            var tableJson = property.Value;
            Parameters.Check(tableJson);
            var projection = GetItem.ReadProjection(tableJson);
            var keys = new List<Dictionary<string, AttributeValue>>();
            var rawKeys = new List<JsonElement>();
            foreach (var keyJson in tableJson.GetProperty("Keys").EnumerateArray())
            {
                var key = Item.ReadJson(keyJson);
                if (keys.Any(k => SameKey(k, key)))
                {
                    throw DynamoDbException.Validation("Provided list of item keys contains duplicates");
                }
                keys.Add(key);
                rawKeys.Add(keyJson);
                if (++total > 100)
                {
                    throw DynamoDbException.Validation("Too many items requested for the BatchGetItem call");
                }
            }
            requests.Add(new TableRequest(property.Name, keys, rawKeys, projection, tableJson.Boolean("ConsistentRead"), tableJson));
        }

        var capacities = new List<ConsumedCapacity>();
        var unprocessed = new List<(TableRequest Request, List<JsonElement> Keys)>();
        long responseBytes = 0;
        response.WriteStartObject("Responses");
        lock (call.State.Gate)
        {
            var tables = requests.Select(r => call.RequireTable(r.TableName)).ToList();
            for (var i = 0; i < requests.Count; i++)
            {
                foreach (var key in requests[i].Keys)
                {
                    KeyRules.CheckKey(key, tables[i].Definition);
                }
            }
            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                var capacity = new ConsumedCapacity(request.TableName);
                var skipped = new List<JsonElement>();
                response.WriteStartArray(request.TableName);
                for (var k = 0; k < request.Keys.Count; k++)
                {
                    var item = tables[i].Get(request.Keys[k]);
                    var size = item is null ? 0 : Item.Size(item);
                    if (responseBytes + size > ResponseLimit)
                    {
                        skipped.Add(request.RawKeys[k]);
                        continue;
                    }
                    responseBytes += size;
                    capacity.AddTable(ConsumedCapacity.ReadUnits(size, request.Consistent));
                    if (item is not null)
                    {
                        Item.WriteJson(response, request.Projection is null ? item : request.Projection.Project(item));
                    }
                }
                response.WriteEndArray();
                capacities.Add(capacity);
                if (skipped.Count > 0)
                {
                    unprocessed.Add((request, skipped));
                }
            }
        }
        response.WriteEndObject();
        response.WriteStartObject("UnprocessedKeys");
        foreach (var (request, keys) in unprocessed)
        {
            response.WriteStartObject(request.TableName);
            response.WriteStartArray("Keys");
            foreach (var key in keys)
            {
                key.WriteTo(response);
            }
            response.WriteEndArray();
            foreach (var member in new[] { "AttributesToGet", "ProjectionExpression", "ExpressionAttributeNames", "ConsistentRead" })
            {
                if (request.Json.Member(member) is { } value)
                {
                    response.WritePropertyName(member);
                    value.WriteTo(response);
                }
            }
            response.WriteEndObject();
        }
        response.WriteEndObject();
        ConsumedCapacity.WriteList(response, call.Request.String("ReturnConsumedCapacity"), capacities);
    }

    internal static bool SameKey(IReadOnlyDictionary<string, AttributeValue> a, IReadOnlyDictionary<string, AttributeValue> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && p.Value.Equals(other));
}
