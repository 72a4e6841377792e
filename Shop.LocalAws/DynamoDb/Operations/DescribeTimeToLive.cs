using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// DescribeTimeToLive: ENABLED with the attribute, or DISABLED without one (a table that never had it and one that
/// had it look alike, as on DynamoDB).
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
/// </summary>
internal sealed class DescribeTimeToLive : DynamoDbOperation
{
    public override string Name => "DescribeTimeToLive";

    public override WireShape Shape { get; } = Struct("DescribeTimeToLiveInput",
        ("TableName", WireShape.TableNameShape(notNull: false, required: true)));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        string? attribute;
        lock (call.State.Gate)
        {
            attribute = DescribeTable.FindOrThrow(call, call.Request.String("TableName")!).TimeToLiveAttribute;
        }
        response.WriteStartObject("TimeToLiveDescription");
        response.WriteString("TimeToLiveStatus", attribute is null ? "DISABLED" : "ENABLED");
        if (attribute is not null)
        {
            response.WriteString("AttributeName", attribute);
        }
        response.WriteEndObject();
    }
}
