using System.Buffers;
using System.Text;
using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Operations;
using Shop.LocalAws.Persistence;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>One put or delete of an acknowledged write; a request's changes are journaled and applied together.</summary>
internal sealed record ItemChange(Table Table, Dictionary<string, AttributeValue>? Put, IReadOnlyDictionary<string, AttributeValue>? DeleteKey);

/// <summary>
/// Every DynamoDB table of this LocalAws process, in every region. As in AWS, a table lives in one region: a request
/// sees the tables of the region it is signed for, and a table of the same name in another region is another table.
/// One gate serialises all reads and writes, which makes conditional writes and transactions (across tables too)
/// atomic; operations hold it only for in-memory work and the journal append.
/// With a data directory, each acknowledged change is appended to <c>dynamodb.journal</c> before the response is sent,
/// and replayed (then compacted) on start; a journal that outgrows the live tables is compacted under the gate as well.
/// </summary>
internal sealed class DynamoDbState : IDisposable
{
    /// <summary>Tables by region, then by name.</summary>
    private readonly Dictionary<string, Dictionary<string, Table>> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Region, string Token), IdempotentTransaction> _transactions = [];
    private readonly DurableJournal? _journal;

    public DynamoDbState(LocalAwsOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        _journal = DurableJournal.Open(options, "dynamodb");
        if (_journal is not null)
        {
            Replay(_journal.Replay());
            _journal.Rewrite(Snapshot());
        }
    }

    public Lock Gate { get; } = new();

    public LocalAwsOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The tables of every region (the read-only UI shows them all).</summary>
    public IEnumerable<Table> Tables => _regions.Values.SelectMany(tables => tables.Values);

    /// <summary>The tables of one region (ListTables).</summary>
    public IEnumerable<Table> TablesIn(string region) => _regions.TryGetValue(region, out var tables) ? tables.Values : [];

    public string TableArn(Table table) => $"arn:aws:dynamodb:{table.Region}:{Options.AccountId}:table/{table.Name}";

    public Table? Find(string region, string name) =>
        _regions.TryGetValue(region, out var tables) ? tables.GetValueOrDefault(name) : null;

    /// <summary>The table an item operation names; DynamoDB's message for a missing one.</summary>
    public Table Require(string region, string name) => Find(region, name) ?? throw DynamoDbException.ResourceNotFound();

    public void CreateTable(Table table)
    {
        Journal(w => WriteDefinitionRecord(w, table));
        Add(table);
        CompactIfGrown();
    }

    public void Redefine(Table table, TableDefinition definition)
    {
        var probe = new Table(table.Region, definition) { TimeToLiveAttribute = table.TimeToLiveAttribute };
        Journal(w => WriteDefinitionRecord(w, probe, table.Tags));
        table.Redefine(definition);
        CompactIfGrown();
    }

    public void SetTags(Table table, IReadOnlyDictionary<string, string> tags)
    {
        Journal(w => WriteDefinitionRecord(w, table, tags));
        table.Tags.Clear();
        foreach (var (key, value) in tags)
        {
            table.Tags[key] = value;
        }
        CompactIfGrown();
    }

    /// <summary>Turns time to live on (with the attribute to read) or off (null), journaled with the table's definition.</summary>
    public void SetTimeToLive(Table table, string? attributeName)
    {
        Journal(w => WriteDefinitionRecord(w, table, timeToLive: attributeName, timeToLiveGiven: true));
        table.TimeToLiveAttribute = attributeName;
        CompactIfGrown();
    }

    /// <summary>
    /// Deletes, as a journaled write, every item whose time-to-live attribute is a Number of epoch seconds before
    /// now; as in DynamoDB, a value more than five years in the past, or of another type, never expires the item.
    /// Returns how many items were deleted.
    /// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html
    /// </summary>
    public int DeleteExpiredItems()
    {
        lock (Gate)
        {
            var now = Time.GetUtcNow();
            var nowValue = AttributeValue.FromN(DynamoNumber.FromInt64(now.ToUnixTimeSeconds()));
            var oldest = AttributeValue.FromN(DynamoNumber.FromInt64(now.AddYears(-5).ToUnixTimeSeconds()));
            var deleted = 0;
            foreach (var table in Tables.ToList())
            {
                if (table.TimeToLiveAttribute is not { } attribute)
                {
                    continue;
                }
                var expired = new List<ItemChange>();
                foreach (var item in table.Items.AllItems())
                {
                    if (item.TryGetValue(attribute, out var value) && value.Type == AttributeType.N
                        && ValueOrdering.Compare(value, nowValue) < 0 && ValueOrdering.Compare(value, oldest) >= 0)
                    {
                        expired.Add(new ItemChange(table, null, KeyRules.KeyOf(item, table.Definition.Key)));
                    }
                }
                foreach (var chunk in expired.Chunk(100))
                {
                    Apply(chunk);
                }
                deleted += expired.Count;
            }
            return deleted;
        }
    }

    public void DropTable(Table table)
    {
        Journal(w =>
        {
            w.WriteString("op", "drop");
            w.WriteString("region", table.Region);
            w.WriteString("table", table.Name);
        });
        _regions[table.Region].Remove(table.Name);
        CompactIfGrown();
    }

    /// <summary>Journals then applies a request's item changes, all or nothing. Returns the items replaced or deleted, in order.</summary>
    public List<Dictionary<string, AttributeValue>?> Apply(IReadOnlyList<ItemChange> changes)
    {
        if (changes.Count == 0)
        {
            return [];
        }
        Journal(w =>
        {
            w.WriteString("op", "write");
            w.WriteStartArray("changes");
            foreach (var change in changes)
            {
                w.WriteStartObject();
                w.WriteString("region", change.Table.Region);
                w.WriteString("table", change.Table.Name);
                if (change.Put is not null)
                {
                    w.WritePropertyName("put");
                    Item.WriteJson(w, change.Put);
                }
                else
                {
                    w.WritePropertyName("delete");
                    Item.WriteJson(w, change.DeleteKey!);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        var previous = new List<Dictionary<string, AttributeValue>?>(changes.Count);
        foreach (var change in changes)
        {
            previous.Add(change.Put is not null ? change.Table.Put(change.Put) : change.Table.Delete(change.DeleteKey!));
        }
        CompactIfGrown();
        return previous;
    }

    /// <summary>
    /// A TransactWriteItems ClientRequestToken seen in the last 10 minutes: the same token with the same request
    /// succeeds again without writing; with a different request it is an error. Tokens, like tables, belong to a region.
    /// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
    /// </summary>
    public IdempotentTransaction? FindTransaction(string region, string token)
    {
        var now = Time.GetUtcNow();
        foreach (var expired in _transactions.Where(t => now - t.Value.At > TimeSpan.FromMinutes(10)).Select(t => t.Key).ToList())
        {
            _transactions.Remove(expired);
        }
        return _transactions.GetValueOrDefault((region, token));
    }

    public void RememberTransaction(string region, string token, string requestFingerprint) =>
        _transactions[(region, token)] = new IdempotentTransaction(requestFingerprint, Time.GetUtcNow());

    private void Journal(Action<Utf8JsonWriter> writeMembers)
    {
        if (_journal is null)
        {
            return;
        }
        _journal.Append(Record(writeMembers));
    }

    /// <summary>
    /// Rewrites the journal as a snapshot of the tables once it has outgrown them (<see cref="DurableJournal.NeedsCompaction"/>).
    /// The caller holds <see cref="Gate"/> and has applied its change, so the snapshot has everything acknowledged.
    /// </summary>
    private void CompactIfGrown()
    {
        if (_journal is { NeedsCompaction: true })
        {
            _journal.Rewrite(Snapshot());
        }
    }

    private static string Record(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteDefinitionRecord(Utf8JsonWriter writer, Table table, IReadOnlyDictionary<string, string>? tags = null,
        string? timeToLive = null, bool timeToLiveGiven = false)
    {
        writer.WriteString("op", "table");
        writer.WritePropertyName("definition");
        TableDefinitionJson.Write(writer, table.Definition, "ACTIVE", TableArn(table), null);
        writer.WriteStartObject("tags");
        foreach (var (key, value) in tags ?? table.Tags)
        {
            writer.WriteString(key, value);
        }
        writer.WriteEndObject();
        if ((timeToLiveGiven ? timeToLive : table.TimeToLiveAttribute) is { } attribute)
        {
            writer.WriteString("timeToLive", attribute);
        }
    }

    private IEnumerable<string> Snapshot()
    {
        foreach (var table in Tables)
        {
            yield return Record(w => WriteDefinitionRecord(w, table));
            foreach (var chunk in table.Items.AllItems().Chunk(100))
            {
                yield return Record(w =>
                {
                    w.WriteString("op", "write");
                    w.WriteStartArray("changes");
                    foreach (var item in chunk)
                    {
                        w.WriteStartObject();
                        w.WriteString("region", table.Region);
                        w.WriteString("table", table.Name);
                        w.WritePropertyName("put");
                        Item.WriteJson(w, item);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
        }
    }

    private void Replay(IEnumerable<string> records)
    {
        foreach (var record in records)
        {
            using var document = JsonDocument.Parse(record);
            var root = document.RootElement;
            switch (root.GetProperty("op").GetString())
            {
                case "table":
                    var json = root.GetProperty("definition");
                    var definition = TableDefinitionJson.Read(json, json.GetProperty("TableId").GetString()!,
                        TableDefinitionJson.FromEpochSeconds(json.GetProperty("CreationDateTime").GetDouble()));
                    // The definition has always carried the table's ARN, so its region is known even in a journal
                    // written before tables were kept per region (the ARN then named LocalAws's default region).
                    var region = json.GetProperty("TableArn").GetString()!.Split(':')[3];
                    if (Find(region, definition.Name) is { } existing)
                    {
                        existing.Redefine(definition);
                    }
                    else
                    {
                        Add(existing = new Table(region, definition));
                    }
                    existing.Tags.Clear();
                    foreach (var tag in root.GetProperty("tags").EnumerateObject())
                    {
                        existing.Tags[tag.Name] = tag.Value.GetString()!;
                    }
                    existing.TimeToLiveAttribute = root.TryGetProperty("timeToLive", out var timeToLive) ? timeToLive.GetString() : null;
                    break;
                case "drop":
                    var dropped = ReplayedTable(root);
                    _regions[dropped.Region].Remove(dropped.Name);
                    break;
                case "write":
                    foreach (var change in root.GetProperty("changes").EnumerateArray())
                    {
                        var table = ReplayedTable(change);
                        if (change.TryGetProperty("put", out var put))
                        {
                            table.Put(Item.ReadJson(put));
                        }
                        else
                        {
                            table.Delete(Item.ReadJson(change.GetProperty("delete")));
                        }
                    }
                    break;
            }
        }
    }

    private void Add(Table table)
    {
        if (!_regions.TryGetValue(table.Region, out var tables))
        {
            _regions.Add(table.Region, tables = new Dictionary<string, Table>(StringComparer.Ordinal));
        }
        tables.Add(table.Name, table);
    }

    /// <summary>
    /// The table a drop or write record names. Records written before tables were kept per region have no region;
    /// a table's name was then unique, so the one table of that name is meant.
    /// </summary>
    private Table ReplayedTable(JsonElement record)
    {
        var name = record.GetProperty("table").GetString()!;
        return record.TryGetProperty("region", out var region)
            ? _regions[region.GetString()!][name]
            : Tables.Single(t => t.Name == name);
    }

    public void Dispose() => _journal?.Dispose();
}

/// <summary>A remembered TransactWriteItems request: what it asked (a fingerprint of its items) and when.</summary>
internal sealed record IdempotentTransaction(string RequestFingerprint, DateTimeOffset At);
