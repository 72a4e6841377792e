using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>Request members shared by CreateTable and UpdateTable.</summary>
internal static class TableShapes
{
    public static readonly WireShape AttributeDefinitions = List(ValueStruct("AttributeDefinition",
        ("AttributeName", Str().With(notNull: true)),
        ("AttributeType", Str(["B", "N", "S"]).With(notNull: true)))).With(notNull: true);

    public static readonly WireShape ProvisionedThroughput = Struct("ProvisionedThroughput",
        ("WriteCapacityUnits", Long(min: 1).With(notNull: true)),
        ("ReadCapacityUnits", Long(min: 1).With(notNull: true)));

    public static readonly WireShape KeySchema = KeySchemaOf(Str(["HASH", "RANGE"]));

    /// <summary>
    /// An index's key schema: as the table's, but its KeyType values are not checked against the enum while the request
    /// is read; a wrong one gets CreateTable's "Invalid KeySchema" message (dynalite, as AWS).
    /// </summary>
    public static readonly WireShape IndexKeySchema = KeySchemaOf(Str());

    private static WireShape KeySchemaOf(WireShape keyType) => new()
    {
        Kind = WireKind.List,
        NotNull = true,
        MinLength = 1,
        MaxLength = 2,
        Element = ValueStruct("KeySchemaElement",
            ("AttributeName", Str().With(notNull: true)),
            ("KeyType", keyType.With(notNull: true))),
    };

    public static readonly WireShape Projection = Struct("Projection",
        ("ProjectionType", Str(["ALL", "INCLUDE", "KEYS_ONLY"])),
        ("NonKeyAttributes", List(Str(), minLength: 1))).With(notNull: true);

    public static WireShape LocalSecondaryIndexes { get; } = List(ValueStruct("LocalSecondaryIndex",
        ("IndexName", IndexNameShape(notNull: true)),
        ("KeySchema", IndexKeySchema),
        ("Projection", Projection)));

    public static WireShape GlobalSecondaryIndex { get; } = ValueStruct("GlobalSecondaryIndex",
        ("IndexName", IndexNameShape(notNull: true)),
        ("KeySchema", IndexKeySchema),
        ("Projection", Projection),
        ("ProvisionedThroughput", ProvisionedThroughput));

    public static readonly WireShape BillingMode = Str(["PROVISIONED", "PAY_PER_REQUEST"]);

    public static readonly WireShape Tags = List(ValueStruct("Tag",
        ("Key", new WireShape { Kind = WireKind.String, NotNull = true, MinLength = 1, MaxLength = 128 }),
        ("Value", new WireShape { Kind = WireKind.String, NotNull = true, MinLength = 0, MaxLength = 256 })));
}
