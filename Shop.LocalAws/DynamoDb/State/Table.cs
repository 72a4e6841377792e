using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>
/// A table's definition and items, with one <see cref="ItemStore"/> per secondary index kept in step on every write.
/// Not thread-safe: <see cref="DynamoDbState"/> serialises access.
/// </summary>
internal sealed class Table
{
    private Dictionary<string, ItemStore> _indexStores = new(StringComparer.Ordinal);

    public Table(string region, TableDefinition definition)
    {
        Region = region;
        Definition = definition;
        Items = new ItemStore(definition.Key, null);
        RebuildIndexes();
    }

    /// <summary>The region the table was created in; only requests signed for it see the table.</summary>
    public string Region { get; }

    public TableDefinition Definition { get; private set; }

    public string Name => Definition.Name;

    public ItemStore Items { get; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>The Number attribute (epoch seconds) after which items expire, or null when time to live is off.</summary>
    public string? TimeToLiveAttribute { get; set; }

    public ItemStore IndexStore(string indexName) => _indexStores[indexName];

    /// <summary>Replaces the definition (UpdateTable); indexes added or removed are built or dropped.</summary>
    public void Redefine(TableDefinition definition)
    {
        Definition = definition;
        RebuildIndexes();
    }

    private void RebuildIndexes()
    {
        var stores = new Dictionary<string, ItemStore>(StringComparer.Ordinal);
        foreach (var index in Definition.Indexes)
        {
            if (_indexStores.TryGetValue(index.Name, out var existing))
            {
                stores[index.Name] = existing;
                continue;
            }
            var store = new ItemStore(index.Key, Definition.Key);
            foreach (var item in Items.AllItems())
            {
                store.Add(item);
            }
            stores[index.Name] = store;
        }
        _indexStores = stores;
    }

    /// <summary>The stored item with the key of <paramref name="keyOrItem"/> (whose key attributes are already validated).</summary>
    public Dictionary<string, AttributeValue>? Get(IReadOnlyDictionary<string, AttributeValue> keyOrItem) => GetEntry(keyOrItem)?.Item;

    /// <summary>The stored entry (the item with its cached size and JSON) with the key of <paramref name="keyOrItem"/>.</summary>
    public ItemEntry? GetEntry(IReadOnlyDictionary<string, AttributeValue> keyOrItem)
    {
        var key = Definition.Key;
        var hash = keyOrItem[key.Hash.Name];
        var range = key.Range is null ? null : keyOrItem[key.Range.Name];
        return Items.Find(hash, range);
    }

    /// <summary>Stores an item, replacing the one with the same key; returns the replaced item.</summary>
    public Dictionary<string, AttributeValue>? Put(Dictionary<string, AttributeValue> item)
    {
        var oldEntry = GetEntry(item);
        var old = oldEntry?.Item;
        Items.Replace(oldEntry, item);
        foreach (var store in _indexStores.Values)
        {
            store.Replace(old, item);
        }
        return old;
    }

    public Dictionary<string, AttributeValue>? Delete(IReadOnlyDictionary<string, AttributeValue> keyOrItem)
    {
        var old = Get(keyOrItem);
        if (old is null)
        {
            return null;
        }
        Items.Remove(old);
        foreach (var store in _indexStores.Values)
        {
            store.Remove(old);
        }
        return old;
    }

    /// <summary>The indexes an item is written to (those whose key attributes it has), for consumed write capacity.</summary>
    public IEnumerable<IndexDefinition> IndexesHolding(IReadOnlyDictionary<string, AttributeValue>? item) =>
        item is null ? [] : Definition.Indexes.Where(i => _indexStores[i.Name].EntryFor(item) is not null);
}
