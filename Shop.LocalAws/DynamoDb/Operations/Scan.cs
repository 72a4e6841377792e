using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// Scan: every item of a table or index in partition-hash order; Segment/TotalSegments split that order into
/// disjoint ranges of the 12-bit hash prefix, so parallel scans see each item exactly once.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
/// </summary>
internal sealed class Scan : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["ProjectionExpression", "FilterExpression"], ["AttributesToGet", "ScanFilter", "ConditionalOperator"]);

    public override string Name => "Scan";

    public override WireShape Shape { get; } = Struct("ScanInput",
        ("Select", Str(["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"])),
        ("IndexName", IndexNameShape()),
        ("TotalSegments", Int(min: 1, max: 1000000)),
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("TableName", TableNameShape()),
        ("ConditionalOperator", LegacyShapes.ConditionalOperator),
        ("ScanFilter", LegacyShapes.Conditions),
        ("Segment", Int(min: 0, max: 999999)),
        ("Limit", Int(min: 1)),
        ("AttributesToGet", LegacyShapes.AttributesToGet),
        ("ExclusiveStartKey", AttributeMap()),
        ("FilterExpression", Str()),
        ("ProjectionExpression", Str()),
        ("ExpressionAttributeValues", AttributeMap()),
        ("ExpressionAttributeNames", ExpressionAttributeNames),
        ("ConsistentRead", Bool()));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Parameters.Check(request);
        var scanFilter = LegacyConditions.ReadConditions(request, "ScanFilter");
        var startKey = Query.ReadStartKey(request);
        var segment = request.Integer("Segment");
        var totalSegments = request.Integer("TotalSegments");
        if (segment is not null && totalSegments is null)
        {
            throw DynamoDbException.Validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        }
        if (totalSegments is not null)
        {
            if (segment is null)
            {
                throw DynamoDbException.Validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
            }
            if (segment >= totalSegments)
            {
                throw DynamoDbException.Validation($"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {totalSegments}");
            }
        }
        var attributes = request.ExpressionAttributes();
        var filter = request.String("FilterExpression") is { } filterText
            ? ConditionExpression.Parse(filterText, attributes, "FilterExpression")
            : LegacyConditions.ToCondition(scanFilter, request.String("ConditionalOperator"));
        var projection = ItemProjection.Read(request, attributes);
        attributes.ThrowIfUnused();
        var select = Query.SelectOf(request, projection, isQuery: false);

        (uint, uint)? range = null;
        if (totalSegments is > 1)
        {
            // Segment s covers hash prefixes [ceil(4096 s / T), ceil(4096 (s+1) / T) - 1], as dynalite divides them.
            var first = (uint)Math.Ceiling(4096.0 * segment!.Value / totalSegments.Value);
            var last = (uint)(Math.Ceiling(4096.0 * (segment.Value + 1) / totalSegments.Value) - 1);
            range = (first, last);
        }

        lock (call.State.Gate)
        {
            var table = call.RequireTable(request.String("TableName")!);
            var index = Query.FindIndex(request, table.Definition, select);
            var store = index is null ? table.Items : table.IndexStore(index.Name);
            var after = startKey is null ? null : Query.StartEntry(startKey, table.Definition, index, store);
            if (after is not null && range is var (first, last) && ItemStore.ScanPositionOf(after.Hash) >> 12 is var prefix && (prefix < first || prefix > last))
            {
                // A start key must lie in the segment being scanned (DynamoDB's message, as observed by the ScyllaDB
                // Alternator tests against DynamoDB: https://github.com/scylladb/scylladb/pull/9270; dynalite's too).
                throw DynamoDbException.Validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. " +
                    $"TotalSegments: {totalSegments} Segment: {segment}");
            }
            var page = new ReadPage
            {
                Table = table,
                Index = index,
                Filter = filter,
                Projection = projection,
                Select = select,
                Limit = request.Integer("Limit"),
                ConsistentRead = request.Boolean("ConsistentRead"),
            };
            page.Write(response, store.Scan(after, range), null, request.String("ReturnConsumedCapacity"));
        }
    }
}
