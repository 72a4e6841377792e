using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// ListTables: names in ascending order, at most Limit (100 by default), LastEvaluatedTableName when more remain.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html
/// </summary>
internal sealed class ListTables : DynamoDbOperation
{
    public override string Name => "ListTables";

    public override WireShape Shape { get; } = Struct("ListTablesInput",
        ("Limit", Int(min: 1, max: 100)),
        ("ExclusiveStartTableName", IndexNameShape()));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var limit = (int)(call.Request.Integer("Limit") ?? 100);
        var start = call.Request.String("ExclusiveStartTableName");
        List<string> names;
        lock (call.State.Gate)
        {
            names = [.. call.State.TablesIn(call.Context.Region).Select(t => t.Name)
                .Where(n => start is null || string.CompareOrdinal(n, start) > 0)
                .Order(StringComparer.Ordinal)];
        }
        var page = names.Take(limit).ToList();
        if (names.Count > limit)
        {
            response.WriteString("LastEvaluatedTableName", page[^1]);
        }
        response.WriteStartArray("TableNames");
        foreach (var name in page)
        {
            response.WriteStringValue(name);
        }
        response.WriteEndArray();
    }
}
