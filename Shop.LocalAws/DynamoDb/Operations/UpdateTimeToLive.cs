using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// UpdateTimeToLive: names the Number attribute (epoch seconds) after which a table's items expire, or turns expiry
/// off. It takes effect at once, as DynamoDB was observed to settle it (no ENABLING or DISABLING was seen on
/// DynamoDB in 2026); <see cref="State.TimeToLiveSweeper"/> deletes expired items. Enabling twice, disabling twice, and
/// naming another attribute while one is active are refused with DynamoDB's messages. DynamoDB's limit of one change
/// per table per hour is not kept.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
/// </summary>
internal sealed class UpdateTimeToLive : DynamoDbOperation
{
    public override string Name => "UpdateTimeToLive";

    public override WireShape Shape { get; } = Struct("UpdateTimeToLiveInput",
        ("TableName", TableNameShape()),
        ("TimeToLiveSpecification", Struct("TimeToLiveSpecification",
            ("AttributeName", new WireShape { Kind = WireKind.String, NotNull = true, MinLength = 1, MaxLength = 255 }),
            ("Enabled", Bool().With(notNull: true))).With(notNull: true)));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var specification = call.Request.GetProperty("TimeToLiveSpecification");
        var attributeName = specification.String("AttributeName")!;
        var enabled = specification.Boolean("Enabled");
        lock (call.State.Gate)
        {
            var table = DescribeTable.FindOrThrow(call, call.Request.String("TableName")!);
            var current = table.TimeToLiveAttribute;
            if (current is not null && current != attributeName)
            {
                throw DynamoDbException.Validation($"TimeToLive is active on a different AttributeName: current AttributeName is {current}");
            }
            if (enabled && current is not null)
            {
                throw DynamoDbException.Validation("TimeToLive is already enabled");
            }
            if (!enabled && current is null)
            {
                throw DynamoDbException.Validation("TimeToLive is already disabled");
            }
            call.State.SetTimeToLive(table, enabled ? attributeName : null);
        }
        response.WriteStartObject("TimeToLiveSpecification");
        response.WriteString("AttributeName", attributeName);
        response.WriteBoolean("Enabled", enabled);
        response.WriteEndObject();
    }
}
