using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// DescribeTable, with live item counts and sizes (AWS refreshes them about every six hours; here they are exact).
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
/// </summary>
internal sealed class DescribeTable : DynamoDbOperation
{
    public override string Name => "DescribeTable";

    public override WireShape Shape { get; } = Struct("DescribeTableInput",
        ("TableName", WireShape.TableNameShape(notNull: false, required: true)));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var name = call.Request.String("TableName")!;
        lock (call.State.Gate)
        {
            var table = FindOrThrow(call, name);
            response.WritePropertyName("Table");
            TableDefinitionJson.Write(response, table.Definition, "ACTIVE", call.State.TableArn(table), table);
        }
    }

    /// <summary>Table-level actions name the missing table in their message.</summary>
    public static Table FindOrThrow(DynamoDbCall call, string name) =>
        call.FindTable(name) ?? throw DynamoDbException.ResourceNotFound($"Requested resource not found: Table: {name} not found");
}
