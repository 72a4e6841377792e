using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// DescribeLimits: the default account and table quotas of a fresh AWS account (LocalAws enforces none of them).
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html
/// </summary>
internal sealed class DescribeLimits : DynamoDbOperation
{
    public override string Name => "DescribeLimits";

    public override WireShape Shape { get; } = Struct("DescribeLimitsInput");

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        response.WriteNumber("AccountMaxReadCapacityUnits", 80000);
        response.WriteNumber("AccountMaxWriteCapacityUnits", 80000);
        response.WriteNumber("TableMaxReadCapacityUnits", 40000);
        response.WriteNumber("TableMaxWriteCapacityUnits", 40000);
    }
}

/// <summary>
/// DescribeEndpoints: this LocalAws itself, cached for a day, as AWS answers with its regional endpoint.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html
/// </summary>
internal sealed class DescribeEndpoints : DynamoDbOperation
{
    public override string Name => "DescribeEndpoints";

    public override WireShape Shape { get; } = Struct("DescribeEndpointsRequest");

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        response.WriteStartArray("Endpoints");
        response.WriteStartObject();
        response.WriteString("Address", call.Host ?? $"dynamodb.{call.Context.Region}.amazonaws.com");
        response.WriteNumber("CachePeriodInMinutes", 1440);
        response.WriteEndObject();
        response.WriteEndArray();
    }
}
