using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// GetItem. Reads here are always strongly consistent; ConsistentRead only changes the capacity counted.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
/// </summary>
internal sealed class GetItem : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["ProjectionExpression"], ["AttributesToGet"]);

    public override string Name => "GetItem";

    public override WireShape Shape { get; } = Struct("GetItemInput",
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("AttributesToGet", LegacyShapes.AttributesToGet),
        ("TableName", TableNameShape()),
        ("Key", AttributeMap(notNull: true)),
        ("ConsistentRead", Bool()),
        ("ProjectionExpression", Str()),
        ("ExpressionAttributeNames", ExpressionAttributeNames));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Parameters.Check(request);
        var key = RequestMembers.ReadItem(request.GetProperty("Key"));
        var projection = ReadProjection(request);

        ItemEntry? entry;
        string tableName;
        lock (call.State.Gate)
        {
            var table = call.RequireTable(request.String("TableName")!);
            KeyRules.CheckKey(key, table.Definition);
            entry = table.GetEntry(key);
            tableName = table.Name;
        }
        if (entry is not null)
        {
            response.WritePropertyName("Item");
            ItemResponses.WriteStored(response, entry, projection);
        }
        var mode = request.String("ReturnConsumedCapacity");
        if (ConsumedCapacity.Requested(mode))
        {
            var capacity = new ConsumedCapacity(tableName);
            capacity.AddTable(ConsumedCapacity.ReadUnits(entry?.ItemSize ?? 0, request.Boolean("ConsistentRead")));
            capacity.Write(response, mode);
        }
    }

    /// <summary>A ProjectionExpression with its own ExpressionAttributeNames (reads take no values).</summary>
    public static ItemProjection? ReadProjection(JsonElement request)
    {
        var attributes = ExpressionAttributes.ReadJson(request.Member("ExpressionAttributeNames"), null);
        var projection = ItemProjection.Read(request, attributes);
        attributes.ThrowIfUnused();
        return projection;
    }
}
