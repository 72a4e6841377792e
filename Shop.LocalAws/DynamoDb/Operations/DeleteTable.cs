using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// DeleteTable: answers with the table's description in status DELETING; the table is gone at once.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
/// </summary>
internal sealed class DeleteTable : DynamoDbOperation
{
    public override string Name => "DeleteTable";

    public override WireShape Shape { get; } = Struct("DeleteTableInput",
        ("TableName", WireShape.TableNameShape(notNull: false, required: true)));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var name = call.Request.String("TableName")!;
        lock (call.State.Gate)
        {
            var table = DescribeTable.FindOrThrow(call, name);
            if (table.Definition.DeletionProtectionEnabled)
            {
                throw DynamoDbException.Validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }
            response.WritePropertyName("TableDescription");
            TableDefinitionJson.Write(response, table.Definition, "DELETING", call.State.TableArn(table), table);
            call.State.DropTable(table);
        }
    }
}
