using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>One key attribute: its name and its scalar type (S, N or B).</summary>
internal sealed record KeyAttribute(string Name, AttributeType Type);

/// <summary>A primary or index key: a partition (HASH) key and an optional sort (RANGE) key.</summary>
internal sealed record KeySchema(KeyAttribute Hash, KeyAttribute? Range)
{
    /// <summary>The key's attributes, partition key first (made once: every item request walks them).</summary>
    public IReadOnlyList<KeyAttribute> Attributes { get; } = Range is null ? [Hash] : [Hash, Range];

    /// <summary>Each key attribute's type by name (made once: every Query checks its key condition against it).</summary>
    public IReadOnlyDictionary<string, AttributeType> Types { get; } = Range is null
        ? new Dictionary<string, AttributeType>(StringComparer.Ordinal) { [Hash.Name] = Hash.Type }
        : new Dictionary<string, AttributeType>(StringComparer.Ordinal) { [Hash.Name] = Hash.Type, [Range.Name] = Range.Type };

    // Two schemas are equal by their attributes; the list above is only their cached enumeration.
    public bool Equals(KeySchema? other) => other is not null && Hash == other.Hash && Range == other.Range;

    public override int GetHashCode() => HashCode.Combine(Hash, Range);

    public bool Contains(string attributeName) => Hash.Name == attributeName || Range?.Name == attributeName;
}

/// <summary>Which attributes an index copies: ALL, KEYS_ONLY or INCLUDE (with NonKeyAttributes).</summary>
internal sealed record IndexProjection(string ProjectionType, IReadOnlyList<string>? NonKeyAttributes);

/// <summary>Provisioned read and write capacity units (0 and 0 for on-demand tables, as DynamoDB reports them).</summary>
internal sealed record Throughput(long ReadCapacityUnits, long WriteCapacityUnits);

/// <summary>What a secondary index is: its name, whether it is global, its key and projection.</summary>
internal sealed record IndexDefinition(string Name, bool IsGlobal, KeySchema Key, IndexProjection Projection, Throughput? ProvisionedThroughput);

/// <summary>
/// What a table is, apart from its items: everything CreateTable and UpdateTable set. Immutable; UpdateTable makes a new one.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
/// </summary>
internal sealed record TableDefinition
{
    public required string Name { get; init; }
    public required string TableId { get; init; }
    public required DateTimeOffset CreationDateTime { get; init; }
    public required IReadOnlyList<KeyAttribute> AttributeDefinitions { get; init; }
    public required KeySchema Key { get; init; }
    public required bool PayPerRequest { get; init; }
    public required Throughput ProvisionedThroughput { get; init; }
    public DateTimeOffset? LastUpdateToPayPerRequest { get; init; }
    public IReadOnlyList<IndexDefinition> LocalSecondaryIndexes { get; init; } = [];
    public IReadOnlyList<IndexDefinition> GlobalSecondaryIndexes { get; init; } = [];
    public bool DeletionProtectionEnabled { get; init; }

    public IEnumerable<IndexDefinition> Indexes => LocalSecondaryIndexes.Concat(GlobalSecondaryIndexes);

    public IndexDefinition? FindIndex(string name) => Indexes.FirstOrDefault(i => i.Name == name);

    public AttributeType? TypeOf(string attributeName) => AttributeDefinitions.FirstOrDefault(a => a.Name == attributeName)?.Type;
}
