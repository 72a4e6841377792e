using System.Text;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>An item as one store (a table or one of its indexes) holds it, with the key values it is ordered by.</summary>
internal sealed class ItemEntry
{
    public required AttributeValue Hash { get; init; }
    public AttributeValue? Range { get; init; }

    /// <summary>The table's key values; in an index they order items that share the index key.</summary>
    public AttributeValue? TableHash { get; init; }
    public AttributeValue? TableRange { get; init; }

    public required Dictionary<string, AttributeValue> Item { get; init; }

    /// <summary>-1 or +1 for the search bounds before and after every real entry; 0 for items.</summary>
    public int Bound { get; init; }

    private int _itemSize = -1;

    /// <summary>The item's size as DynamoDB counts it, computed once: stored items are never changed in place.</summary>
    public int ItemSize => _itemSize >= 0 ? _itemSize : _itemSize = Model.Item.Size(Item);

    private byte[]? _json;

    /// <summary>
    /// The item in DynamoDB JSON, serialised on its first read and reused by every later one (reads outnumber writes,
    /// and most of a Query's time went into writing the same items again). Racing first reads build equal arrays.
    /// </summary>
    public byte[] Json => _json ??= Serialize(Item);

    private static byte[] Serialize(Dictionary<string, AttributeValue> item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, Shop.LocalAws.Protocol.AwsJson.WriterOptions))
        {
            Model.Item.WriteJson(writer, item);
        }
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>All items that share one partition key value, ordered by sort key.</summary>
internal sealed class Partition(AttributeValue hash, uint scanPosition, IComparer<ItemEntry> order)
{
    public AttributeValue Hash { get; } = hash;

    /// <summary>Where the partition sits in a Scan: a 24-bit hash of the key, as DynamoDB spreads partitions.</summary>
    public uint ScanPosition { get; } = scanPosition;

    public SortedSet<ItemEntry> Entries { get; } = new(order);
}

/// <summary>
/// The items of a table or of one secondary index: partitions found by hash, each sorted by sort key, so a Query
/// costs O(log n + k). Scan walks partitions in hashed order (as DynamoDB and dynalite do), so Scan segments are
/// ranges of that order. Not thread-safe: <see cref="DynamoDbState"/> serialises access.
/// </summary>
internal sealed class ItemStore
{
    private readonly Dictionary<AttributeValue, Partition> _partitions = [];
    private readonly SortedSet<Partition> _scanOrder = new(PartitionOrder.Instance);
    private readonly EntryOrder _entryOrder;

    public ItemStore(KeySchema key, KeySchema? tableKey)
    {
        Key = key;
        TableKey = tableKey;
        _entryOrder = new EntryOrder(tableKey is not null);
    }

    public KeySchema Key { get; }

    /// <summary>Null for the table's own store; the table's key for an index store.</summary>
    public KeySchema? TableKey { get; }

    public long Count { get; private set; }

    public long SizeBytes { get; private set; }

    public ItemEntry? Find(AttributeValue hash, AttributeValue? range)
    {
        if (!_partitions.TryGetValue(hash, out var partition))
        {
            return null;
        }
        var probe = new ItemEntry { Hash = hash, Range = range, Item = null! };
        return partition.Entries.TryGetValue(probe, out var found) ? found : null;
    }

    /// <summary>Adds an item; the caller has removed any item with the same key. Items lacking this store's key attributes are not indexed.</summary>
    public void Add(Dictionary<string, AttributeValue> item)
    {
        if (EntryFor(item) is { } entry)
        {
            Insert(entry, replaceEqual: true);
        }
    }

    private void Insert(ItemEntry entry, bool replaceEqual)
    {
        if (!_partitions.TryGetValue(entry.Hash, out var partition))
        {
            partition = new Partition(entry.Hash, ScanPositionOf(entry.Hash), _entryOrder);
            _partitions.Add(entry.Hash, partition);
            _scanOrder.Add(partition);
        }
        if (replaceEqual)
        {
            partition.Entries.Remove(entry);
        }
        partition.Entries.Add(entry);
        Count++;
        SizeBytes += entry.ItemSize;
    }

    public void Remove(Dictionary<string, AttributeValue> item)
    {
        if (RemoveEntry(item) is { Entries.Count: 0 } emptied)
        {
            Drop(emptied);
        }
    }

    /// <summary>
    /// Replaces <paramref name="old"/> (when there is one) by <paramref name="item"/>. A partition emptied only to be
    /// refilled by the same key stays where it is: rewriting an item must not rehash and reorder its partition.
    /// </summary>
    public void Replace(Dictionary<string, AttributeValue>? old, Dictionary<string, AttributeValue> item) =>
        Replace(old is null ? null : EntryFor(old), item);

    /// <summary>
    /// As <see cref="Replace(Dictionary{string, AttributeValue}?, Dictionary{string, AttributeValue})"/>, given the old
    /// item's entry here (the stored one, whose size is already known, or one made by <see cref="EntryFor"/>).
    /// </summary>
    public void Replace(ItemEntry? old, Dictionary<string, AttributeValue> item)
    {
        var emptied = old is null ? null : RemoveEntry(old);
        if (EntryFor(item) is { } entry)
        {
            // Nothing else here can equal it: only the old item had its table key, and that entry is gone.
            Insert(entry, replaceEqual: false);
        }
        if (emptied is { Entries.Count: 0 })
        {
            Drop(emptied);
        }
    }

    private Partition? RemoveEntry(Dictionary<string, AttributeValue> item) => EntryFor(item) is { } entry ? RemoveEntry(entry) : null;

    /// <summary>Removes an item's entry; returns its partition (possibly now empty), or null when the item was not here.</summary>
    private Partition? RemoveEntry(ItemEntry entry)
    {
        if (!_partitions.TryGetValue(entry.Hash, out var partition) || !partition.Entries.Remove(entry))
        {
            return null;
        }
        Count--;
        SizeBytes -= entry.ItemSize;
        return partition;
    }

    private void Drop(Partition partition)
    {
        _partitions.Remove(partition.Hash);
        _scanOrder.Remove(partition);
    }

    /// <summary>The entry an item has in this store, or null when the item lacks one of this store's key attributes.</summary>
    public ItemEntry? EntryFor(IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(Key.Hash.Name, out var hash) || hash.Type != Key.Hash.Type)
        {
            return null;
        }
        AttributeValue? range = null;
        if (Key.Range is { } rangeKey && (!item.TryGetValue(rangeKey.Name, out range) || range.Type != rangeKey.Type))
        {
            return null;
        }
        return new ItemEntry
        {
            Hash = hash,
            Range = range,
            TableHash = TableKey is null ? null : item[TableKey.Hash.Name],
            TableRange = TableKey?.Range is { } tableRange ? item[tableRange.Name] : null,
            Item = item as Dictionary<string, AttributeValue> ?? new Dictionary<string, AttributeValue>(item),
        };
    }

    /// <summary>A partition's items in sort-key order (or reverse), strictly after <paramref name="after"/> when given.</summary>
    public IEnumerable<ItemEntry> Query(AttributeValue hash, bool forward, ItemEntry? after)
    {
        if (!_partitions.TryGetValue(hash, out var partition))
        {
            return [];
        }
        var entries = partition.Entries;
        if (after is null)
        {
            return forward ? entries : entries.Reverse();
        }
        var probe = new ItemEntry { Hash = hash, Range = after.Range, TableHash = after.TableHash, TableRange = after.TableRange, Item = null! };
        if (forward)
        {
            var max = new ItemEntry { Hash = hash, Item = null!, Bound = 1 };
            return entries.GetViewBetween(probe, max).Where(e => _entryOrder.Compare(e, probe) != 0);
        }
        var min = new ItemEntry { Hash = hash, Item = null!, Bound = -1 };
        return entries.GetViewBetween(min, probe).Reverse().Where(e => _entryOrder.Compare(e, probe) != 0);
    }

    /// <summary>
    /// Every item in Scan order, strictly after <paramref name="after"/> when given, limited to a segment's range of
    /// 12-bit partition hash prefixes (inclusive) when <paramref name="segment"/> is given.
    /// </summary>
    public IEnumerable<ItemEntry> Scan(ItemEntry? after, (uint First, uint Last)? segment)
    {
        IEnumerable<Partition> partitions = _scanOrder;
        if (after is not null)
        {
            var start = new Partition(after.Hash, ScanPositionOf(after.Hash), _entryOrder);
            partitions = _scanOrder.Count == 0 ? [] : _scanOrder.GetViewBetween(start, _scanOrder.Max!).Where(p => PartitionOrder.Instance.Compare(p, start) >= 0);
        }
        foreach (var partition in partitions)
        {
            var prefix = partition.ScanPosition >> 12;
            if (segment is { } s && (prefix < s.First || prefix > s.Last))
            {
                if (prefix > s.Last)
                {
                    yield break;
                }
                continue;
            }
            var entries = after is not null && Equals(partition.Hash, after.Hash) ? Query(partition.Hash, true, after) : partition.Entries;
            foreach (var entry in entries)
            {
                yield return entry;
            }
        }
    }

    public IEnumerable<Dictionary<string, AttributeValue>> AllItems() => _scanOrder.SelectMany(p => p.Entries).Select(e => e.Item);

    public bool IsEmpty => _partitions.Count == 0;

    /// <summary>
    /// The first 24 bits of MD5("Outliers" + key bytes), the partition hash dynalite orders Scans by; numbers hash
    /// their DynamoDB binary encoding, so Scan order and segments match dynalite's.
    /// </summary>
    public static uint ScanPositionOf(AttributeValue hash)
    {
        byte[] bytes = hash.Type switch
        {
            AttributeType.S => Encoding.UTF8.GetBytes(hash.S),
            AttributeType.B => hash.B,
            AttributeType.N => NumberKeyBytes.Encode(hash.N),
            _ => [],
        };
        var input = new byte[8 + bytes.Length];
        "Outliers"u8.CopyTo(input);
        bytes.CopyTo(input, 8);
        Span<byte> digest = stackalloc byte[Md5.DigestBytes];
        Md5.HashData(input, digest);
        return (uint)(digest[0] << 16 | digest[1] << 8 | digest[2]);
    }

    private sealed class PartitionOrder : IComparer<Partition>
    {
        public static readonly PartitionOrder Instance = new();

        public int Compare(Partition? x, Partition? y)
        {
            var byPosition = x!.ScanPosition.CompareTo(y!.ScanPosition);
            return byPosition != 0 ? byPosition : KeyValueComparer.Instance.Compare(x.Hash, y.Hash);
        }
    }

    private sealed class EntryOrder(bool isIndex) : IComparer<ItemEntry>
    {
        public int Compare(ItemEntry? x, ItemEntry? y)
        {
            if (x!.Bound != 0 || y!.Bound != 0)
            {
                return x.Bound.CompareTo(y!.Bound);
            }
            var c = KeyValueComparer.Instance.Compare(x.Range, y.Range);
            if (c != 0 || !isIndex)
            {
                return c;
            }
            c = KeyValueComparer.Instance.Compare(x.TableHash, y.TableHash);
            return c != 0 ? c : KeyValueComparer.Instance.Compare(x.TableRange, y.TableRange);
        }
    }
}
