using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// One page of a Query or Scan, as DynamoDB forms it: items are read until Limit items have been evaluated or 1 MB
/// has been read; the FilterExpression then drops items (Count after it, ScannedCount before it); LastEvaluatedKey
/// is the last evaluated item's table key plus, for an index, the index key.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
/// </summary>
internal sealed class ReadPage
{
    private const int PageBytes = 1024 * 1024;

    public required Table Table { get; init; }
    public IndexDefinition? Index { get; init; }
    public ConditionExpression? Filter { get; init; }
    public ItemProjection? Projection { get; init; }
    public required string Select { get; init; }
    public long? Limit { get; init; }
    public bool ConsistentRead { get; init; }

    /// <summary>Reads the page from candidates in order; <paramref name="inRange"/> rejects candidates outside a key condition (which are contiguous).</summary>
    public void Write(Utf8JsonWriter response, IEnumerable<ItemEntry> candidates, Func<ItemEntry, bool>? inRange, string? returnConsumedCapacity)
    {
        var fetchFromTable = Index is not null && Select == "ALL_ATTRIBUTES" && Index.Projection.ProjectionType != "ALL";
        var results = new List<(Dictionary<string, AttributeValue> Item, ItemEntry Entry)>();
        var scanned = 0;
        long bytes = 0;
        long indexBytes = 0;
        long tableBytes = 0;
        ItemEntry? last = null;
        var seenInRange = false;
        bool truncated;
        foreach (var entry in candidates)
        {
            if (inRange is not null && !inRange(entry))
            {
                if (seenInRange)
                {
                    break;
                }
                continue;
            }
            seenInRange = true;
            if ((Limit is { } limit && scanned >= limit) || bytes >= PageBytes)
            {
                break;
            }
            var item = Index is null || fetchFromTable ? entry.Item : KeyRules.Project(entry.Item, Index, Table.Definition.Key);
            var size = Index is null ? entry.ItemSize : Item.Size(fetchFromTable ? KeyRules.Project(entry.Item, Index, Table.Definition.Key) : item);
            scanned++;
            bytes += size;
            if (Index is null)
            {
                tableBytes += size;
            }
            else
            {
                indexBytes += size;
                if (fetchFromTable)
                {
                    tableBytes += entry.ItemSize;
                }
            }
            last = entry;
            if (Filter is null || Filter.Evaluate(item))
            {
                results.Add((item, entry));
            }
        }

        // DynamoDB stops at the limit without looking further, so a page that reaches it always has a LastEvaluatedKey.
        truncated = (Limit is { } max && scanned >= max) || bytes >= PageBytes;
        if (Select != "COUNT")
        {
            response.WriteStartArray("Items");
            foreach (var (item, entry) in results)
            {
                if (ReferenceEquals(item, entry.Item))
                {
                    ItemResponses.WriteStored(response, entry, Projection);
                }
                else
                {
                    Item.WriteJson(response, Projection is null ? item : Projection.Project(item));
                }
            }
            response.WriteEndArray();
        }
        response.WriteNumber("Count", results.Count);
        response.WriteNumber("ScannedCount", scanned);
        if (truncated && last is not null)
        {
            var key = KeyRules.KeyOf(last.Item, Table.Definition.Key);
            if (Index is not null)
            {
                foreach (var attribute in Index.Key.Attributes)
                {
                    key[attribute.Name] = last.Item[attribute.Name];
                }
            }
            ItemResponses.WriteItem(response, "LastEvaluatedKey", key);
        }

        var capacity = new ConsumedCapacity(Table.Name);
        if (Index is null || fetchFromTable)
        {
            capacity.AddTable(ConsumedCapacity.ReadUnits(tableBytes, ConsistentRead));
        }
        if (Index is not null)
        {
            capacity.AddIndex(Index, ConsumedCapacity.ReadUnits(indexBytes, ConsistentRead));
        }
        capacity.Write(response, returnConsumedCapacity);
    }
}
