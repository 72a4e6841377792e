using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// Query: one partition of a table or index, in sort-key order (or reverse), seeking to the partition in O(log n).
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
/// </summary>
internal sealed class Query : DynamoDbOperation
{
    private static readonly ExpressionParameters Parameters = new(["ProjectionExpression", "FilterExpression", "KeyConditionExpression"], ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"]);

    public override string Name => "Query";

    public override WireShape Shape { get; } = Struct("QueryInput",
        ("Select", Str(["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"])),
        ("IndexName", IndexNameShape()),
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("QueryFilter", LegacyShapes.Conditions),
        ("TableName", TableNameShape()),
        ("ConditionalOperator", LegacyShapes.ConditionalOperator),
        ("AttributesToGet", LegacyShapes.AttributesToGet),
        ("Limit", new WireShape { Kind = WireKind.Integer, Min = 1, ReportedWithoutValue = true }),
        ("KeyConditions", LegacyShapes.Conditions),
        ("ExclusiveStartKey", AttributeMap()),
        ("ConsistentRead", Bool()),
        ("ScanIndexForward", Bool()),
        ("KeyConditionExpression", Str()),
        ("FilterExpression", Str()),
        ("ProjectionExpression", Str()),
        ("ExpressionAttributeValues", AttributeMap()),
        ("ExpressionAttributeNames", ExpressionAttributeNames));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Parameters.Check(request);
        var queryFilter = LegacyConditions.ReadConditions(request, "QueryFilter");
        var startKey = ReadStartKey(request);
        if (!request.Has("KeyConditionExpression") && !request.Has("KeyConditions"))
        {
            throw DynamoDbException.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        // The expressions in DynamoDB's order (key condition, filter, projection), then legacy KeyConditions, all
        // before the table is looked up.
        var attributes = request.ExpressionAttributes();
        var keyConditionText = request.String("KeyConditionExpression");
        var keyCondition = keyConditionText is null ? null : KeyConditionExpression.Parse(keyConditionText, attributes);
        var filter = request.String("FilterExpression") is { } filterText
            ? ConditionExpression.Parse(filterText, attributes, "FilterExpression")
            : LegacyConditions.ToCondition(queryFilter, request.String("ConditionalOperator"));
        var projection = ItemProjection.Read(request, attributes);
        attributes.ThrowIfUnused();
        keyCondition ??= KeyConditionExpression.FromLegacy(LegacyConditions.ReadConditions(request, "KeyConditions")!);
        var select = SelectOf(request, projection, isQuery: true);

        lock (call.State.Gate)
        {
            var table = call.RequireTable(request.String("TableName")!);
            var index = FindIndex(request, table.Definition, select);
            var key = index?.Key ?? table.Definition.Key;
            if (startKey is not null)
            {
                CheckStartKeyNames(startKey, table.Definition, index);
            }
            var condition = keyCondition.ForKeySchema(key.Hash.Name, key.Range?.Name, key.Types);

            var store = index is null ? table.Items : table.IndexStore(index.Name);
            ItemEntry? after = null;
            if (startKey is not null)
            {
                after = QueryStartEntry(startKey, table.Definition, store);
                CheckStartInBounds(after, condition);
            }
            if (filter is not null)
            {
                CheckFilterLeavesKeyAlone(filter, key, request.Has("QueryFilter") ? "QueryFilter" : "Filter Expression");
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
            var forward = !request.Has("ScanIndexForward") || request.Boolean("ScanIndexForward");
            var candidates = store.Query(condition.PartitionValue, forward, after);
            page.Write(response, candidates, condition.SortRange is null ? null : e => condition.MatchesSortKey(e.Range), request.String("ReturnConsumedCapacity"));
        }
    }

    /// <summary>
    /// A Query's filter may not read the key it queries: the key condition is where key attributes belong.
    /// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html
    /// </summary>
    private static void CheckFilterLeavesKeyAlone(ConditionExpression filter, KeySchema key, string member)
    {
        foreach (var attribute in key.Attributes)
        {
            if (filter.Reads(attribute.Name))
            {
                throw DynamoDbException.Validation($"{member} can only contain non-primary key attributes: Primary key attribute: {attribute.Name}");
            }
        }
    }

    /// <summary>ExclusiveStartKey's values are checked before the table is looked at, with DynamoDB's prefix on most messages.</summary>
    internal static Dictionary<string, AttributeValue>? ReadStartKey(JsonElement request)
    {
        if (request.Member("ExclusiveStartKey") is not { } json)
        {
            return null;
        }
        try
        {
            return Item.ReadJson(json);
        }
        catch (DynamoDbException error) when (error.Code == "ValidationException"
            && !System.Text.RegularExpressions.Regex.IsMatch(error.Message, "contains duplicates|number set|numeric value|significant digits|number with magnitude"))
        {
            throw DynamoDbException.Validation("The provided starting key is invalid: " + error.Message);
        }
    }

    /// <summary>
    /// The Select in force: SPECIFIC_ATTRIBUTES with a projection, otherwise what the request says (ALL_ATTRIBUTES by
    /// default; ALL_PROJECTED_ATTRIBUTES on an index). SPECIFIC_ATTRIBUTES asked for without a projection is refused,
    /// in DynamoDB's words: a Query's in the validation envelope, a Scan's bare (as observed on DynamoDB by the
    /// dynamodb-conformance suite; see https://github.com/nubo-db/dynoxide/issues/121).
    /// </summary>
    internal static string SelectOf(JsonElement request, ItemProjection? projection, bool isQuery)
    {
        var select = request.String("Select");
        if (select == "SPECIFIC_ATTRIBUTES" && projection is null)
        {
            throw DynamoDbException.Validation((isQuery ? "1 validation error detected: " : "")
                + "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }
        return select ?? (projection is not null ? "SPECIFIC_ATTRIBUTES" : request.Has("IndexName") ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES");
    }

    internal static IndexDefinition? FindIndex(JsonElement request, TableDefinition table, string select)
    {
        if (request.String("IndexName") is not { } name)
        {
            if (select == "ALL_PROJECTED_ATTRIBUTES")
            {
                throw DynamoDbException.Validation("One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is only valid when querying or scanning an index");
            }
            return null;
        }
        var index = table.FindIndex(name) ?? throw DynamoDbException.Validation("The table does not have the specified index: " + name);
        if (index.IsGlobal && request.Boolean("ConsistentRead"))
        {
            throw DynamoDbException.Validation("Consistent reads are not supported on global secondary indexes");
        }
        if (index.IsGlobal && select == "ALL_ATTRIBUTES" && index.Projection.ProjectionType != "ALL")
        {
            throw DynamoDbException.Validation($"One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index {name} because its projection type is not ALL");
        }
        return index;
    }

    /// <summary>
    /// A Query's ExclusiveStartKey names exactly the table's and the index's key attributes, and each key attribute of
    /// the key queried is valid (its own messages, without the starting-key prefix); checked before the key condition
    /// is matched to the schema.
    /// </summary>
    private static void CheckStartKeyNames(Dictionary<string, AttributeValue> startKey, TableDefinition table, IndexDefinition? index)
    {
        if (startKey.Count != table.Key.Attributes.Concat(index?.Key.Attributes ?? []).Select(a => a.Name).Distinct().Count())
        {
            throw DynamoDbException.Validation("The provided starting key is invalid");
        }
        var key = index?.Key ?? table.Key;
        foreach (var attribute in key.Attributes)
        {
            if (!startKey.ContainsKey(attribute.Name))
            {
                throw DynamoDbException.Validation("The provided starting key is invalid");
            }
            KeyRules.CheckKeyPiece(startKey, attribute, attribute == key.Hash);
        }
    }

    /// <summary>Where a Query's page starts, once the table's own key in the ExclusiveStartKey is valid.</summary>
    /// <summary>
    /// A start key must lie where the key condition reads, with DynamoDB's messages in its order (as dynalite's tests,
    /// written against DynamoDB, have them): without a sort key condition, a start key in another partition is outside
    /// the query's boundaries; with one, the sort key is checked first, and a start key that matches it in another
    /// partition is refused as a query that "can return at most one row".
    /// </summary>
    private static void CheckStartInBounds(ItemEntry start, KeyConditionExpression condition)
    {
        var samePartition = Equals(start.Hash, condition.PartitionValue);
        if (condition.SortRange is null)
        {
            if (!samePartition)
            {
                throw DynamoDbException.Validation("The provided starting key is outside query boundaries based on provided conditions");
            }
            return;
        }
        if (!condition.MatchesSortKey(start.Range))
        {
            throw DynamoDbException.Validation("The provided starting key does not match the range key predicate");
        }
        if (!samePartition)
        {
            throw DynamoDbException.Validation("The query can return at most one row and cannot be restarted");
        }
    }

    private static ItemEntry QueryStartEntry(Dictionary<string, AttributeValue> startKey, TableDefinition table, ItemStore store)
    {
        try
        {
            var tableKey = new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal);
            foreach (var attribute in table.Key.Attributes)
            {
                if (startKey.TryGetValue(attribute.Name, out var value))
                {
                    tableKey[attribute.Name] = value;
                }
            }
            KeyRules.CheckKey(tableKey, table);
        }
        catch (DynamoDbException error)
        {
            throw DynamoDbException.Validation("The provided starting key is invalid: " + error.Message);
        }
        return store.EntryFor(startKey) ?? throw DynamoDbException.Validation("The provided starting key is invalid");
    }

    /// <summary>Where a Scan's page starts: the entry the ExclusiveStartKey names (it need not exist any more).</summary>
    internal static ItemEntry StartEntry(Dictionary<string, AttributeValue> startKey, TableDefinition table, IndexDefinition? index, ItemStore store)
    {
        var names = table.Key.Attributes.Concat(index?.Key.Attributes ?? []).Select(a => a.Name).Distinct().ToList();
        if (startKey.Count != names.Count || names.Any(n => !startKey.ContainsKey(n)))
        {
            throw DynamoDbException.Validation(index is null
                ? "The provided starting key is invalid: The provided key element does not match the schema"
                : "The provided starting key is invalid");
        }
        try
        {
            KeyRules.CheckKey(KeyRules.KeyOf(startKey, table.Key), table);
        }
        catch (DynamoDbException error)
        {
            throw DynamoDbException.Validation("The provided starting key is invalid: " + error.Message);
        }
        return store.EntryFor(startKey) ?? throw DynamoDbException.Validation("The provided starting key is invalid");
    }
}
