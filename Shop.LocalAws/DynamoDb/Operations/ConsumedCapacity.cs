using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// Capacity units as DynamoDB counts them: a write unit per 1 KB written (the larger of the old and new item),
/// a read unit per 4 KB read (half for eventually consistent reads), twice that in transactions; writes to each
/// index that holds the item count too.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
/// </summary>
internal sealed class ConsumedCapacity(string tableName)
{
    public string TableName { get; } = tableName;
    public double Table { get; private set; }
    // Created at the first index counted: most tables have none.
    private SortedDictionary<string, double>? _globalIndexes;
    private SortedDictionary<string, double>? _localIndexes;

    public double Total => Table + (_globalIndexes?.Values.Sum() ?? 0) + (_localIndexes?.Values.Sum() ?? 0);

    /// <summary>Whether a request asked for ConsumedCapacity (counting it costs item sizes, so it is skipped otherwise).</summary>
    public static bool Requested(string? mode) => mode is "TOTAL" or "INDEXES";

    public static double ReadUnits(long bytes, bool consistent) => Math.Ceiling(Math.Max(bytes, 1) / 4096.0) * (consistent ? 1 : 0.5);

    public static double WriteUnits(long bytes) => Math.Ceiling(Math.Max(bytes, 1) / 1024.0);

    public void AddTable(double units) => Table += units;

    public void AddIndex(IndexDefinition index, double units)
    {
        var target = index.IsGlobal
            ? _globalIndexes ??= new SortedDictionary<string, double>(StringComparer.Ordinal)
            : _localIndexes ??= new SortedDictionary<string, double>(StringComparer.Ordinal);
        target[index.Name] = target.GetValueOrDefault(index.Name) + units;
    }

    /// <summary>A write of one item: the table and every index whose copy of the item is put, replaced or removed.</summary>
    public void AddWrite(Table table, IReadOnlyDictionary<string, AttributeValue>? oldItem, IReadOnlyDictionary<string, AttributeValue>? newItem, double multiplier = 1)
    {
        var size = Math.Max(oldItem is null ? 0 : Item.Size(oldItem), newItem is null ? 0 : Item.Size(newItem));
        AddTable(WriteUnits(size) * multiplier);
        foreach (var index in table.Definition.Indexes)
        {
            var store = table.IndexStore(index.Name);
            var oldEntry = oldItem is null ? null : store.EntryFor(oldItem);
            var newEntry = newItem is null ? null : store.EntryFor(newItem);
            var oldSize = oldEntry is null ? 0 : Item.Size(KeyRules.Project(oldItem!, index, table.Definition.Key));
            var newSize = newEntry is null ? 0 : Item.Size(KeyRules.Project(newItem!, index, table.Definition.Key));
            double units;
            if (oldEntry is null && newEntry is null)
            {
                continue;
            }
            else if (oldEntry is not null && newEntry is not null && !(Equals(oldEntry.Hash, newEntry.Hash) && Equals(oldEntry.Range, newEntry.Range)))
            {
                // The index key changed: the old copy is deleted and a new one written.
                units = WriteUnits(oldSize) + WriteUnits(newSize);
            }
            else
            {
                units = WriteUnits(Math.Max(oldSize, newSize));
            }
            AddIndex(index, units * multiplier);
        }
    }

    /// <summary>Writes the ConsumedCapacity member when the request asked for TOTAL or INDEXES.</summary>
    public void Write(Utf8JsonWriter writer, string? mode, bool asArrayElement = false)
    {
        if (mode is not ("TOTAL" or "INDEXES"))
        {
            return;
        }
        if (asArrayElement)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject("ConsumedCapacity");
        }
        writer.WriteString("TableName", TableName);
        writer.WriteNumber("CapacityUnits", Total);
        if (mode == "INDEXES")
        {
            writer.WriteStartObject("Table");
            writer.WriteNumber("CapacityUnits", Table);
            writer.WriteEndObject();
            WriteIndexes(writer, "LocalSecondaryIndexes", _localIndexes);
            WriteIndexes(writer, "GlobalSecondaryIndexes", _globalIndexes);
        }
        writer.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter writer, string? mode, IEnumerable<ConsumedCapacity> capacities)
    {
        if (mode is not ("TOTAL" or "INDEXES"))
        {
            return;
        }
        writer.WriteStartArray("ConsumedCapacity");
        foreach (var capacity in capacities)
        {
            capacity.Write(writer, mode, asArrayElement: true);
        }
        writer.WriteEndArray();
    }

    private static void WriteIndexes(Utf8JsonWriter writer, string member, SortedDictionary<string, double>? indexes)
    {
        if (indexes is null || indexes.Count == 0)
        {
            return;
        }
        writer.WriteStartObject(member);
        foreach (var (name, units) in indexes)
        {
            writer.WriteStartObject(name);
            writer.WriteNumber("CapacityUnits", units);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
