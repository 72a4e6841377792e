using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>
/// Reads a table definition from CreateTable's members (AttributeDefinitions, KeySchema, indexes, billing) and writes
/// it as DynamoDB's TableDescription. The journal stores the description and replays it through the same reader.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
/// </summary>
internal static class TableDefinitionJson
{
    /// <summary>Reads an already validated CreateTable request (or a journaled description).</summary>
    /// <param name="name">The table's name, when the JSON's TableName may be the table's ARN (CreateTable).</param>
    public static TableDefinition Read(JsonElement json, string tableId, DateTimeOffset created, string? name = null)
    {
        var attributes = json.GetProperty("AttributeDefinitions").EnumerateArray()
            .Select(a => new KeyAttribute(a.GetProperty("AttributeName").GetString()!, Enum.Parse<AttributeType>(a.GetProperty("AttributeType").GetString()!)))
            .ToList();
        var payPerRequest = IsPayPerRequest(json);
        var throughput = payPerRequest || !json.TryGetProperty("ProvisionedThroughput", out var pt) || pt.ValueKind != JsonValueKind.Object
            ? new Throughput(0, 0)
            : ReadThroughput(pt);
        DateTimeOffset? lastPayPerRequest = null;
        if (json.TryGetProperty("BillingModeSummary", out var summary) && summary.TryGetProperty("LastUpdateToPayPerRequestDateTime", out var last))
        {
            lastPayPerRequest = FromEpochSeconds(last.GetDouble());
        }
        return new TableDefinition
        {
            Name = name ?? json.GetProperty("TableName").GetString()!,
            TableId = tableId,
            CreationDateTime = created,
            AttributeDefinitions = attributes,
            Key = ReadKey(json.GetProperty("KeySchema"), attributes),
            PayPerRequest = payPerRequest,
            ProvisionedThroughput = throughput,
            LastUpdateToPayPerRequest = payPerRequest ? lastPayPerRequest ?? created : null,
            LocalSecondaryIndexes = ReadIndexes(json, "LocalSecondaryIndexes", attributes, isGlobal: false, payPerRequest),
            GlobalSecondaryIndexes = ReadIndexes(json, "GlobalSecondaryIndexes", attributes, isGlobal: true, payPerRequest),
            DeletionProtectionEnabled = json.TryGetProperty("DeletionProtectionEnabled", out var protection) && protection.ValueKind == JsonValueKind.True,
        };
    }

    public static bool IsPayPerRequest(JsonElement json) =>
        (json.TryGetProperty("BillingMode", out var mode) && mode.ValueKind == JsonValueKind.String && mode.GetString() == "PAY_PER_REQUEST")
        || (json.TryGetProperty("BillingModeSummary", out var summary) && summary.TryGetProperty("BillingMode", out var summaryMode) && summaryMode.GetString() == "PAY_PER_REQUEST");

    public static Throughput ReadThroughput(JsonElement json) => new(
        (long)Math.Floor(json.GetProperty("ReadCapacityUnits").GetDouble()),
        (long)Math.Floor(json.GetProperty("WriteCapacityUnits").GetDouble()));

    public static KeySchema ReadKey(JsonElement keySchema, IReadOnlyList<KeyAttribute> attributes)
    {
        KeyAttribute? hash = null;
        KeyAttribute? range = null;
        foreach (var element in keySchema.EnumerateArray())
        {
            var name = element.GetProperty("AttributeName").GetString()!;
            var attribute = attributes.First(a => a.Name == name);
            if (element.GetProperty("KeyType").GetString() == "HASH")
            {
                hash = attribute;
            }
            else
            {
                range = attribute;
            }
        }
        return new KeySchema(hash!, range);
    }

    public static IndexDefinition ReadIndex(JsonElement index, IReadOnlyList<KeyAttribute> attributes, bool isGlobal, bool payPerRequest)
    {
        var projection = index.GetProperty("Projection");
        var nonKey = projection.TryGetProperty("NonKeyAttributes", out var nk) && nk.ValueKind == JsonValueKind.Array
            ? nk.EnumerateArray().Select(a => a.GetString()!).ToList()
            : null;
        Throughput? throughput = null;
        if (isGlobal)
        {
            throughput = !payPerRequest && index.TryGetProperty("ProvisionedThroughput", out var pt) && pt.ValueKind == JsonValueKind.Object
                ? ReadThroughput(pt)
                : new Throughput(0, 0);
        }
        return new IndexDefinition(
            index.GetProperty("IndexName").GetString()!,
            isGlobal,
            ReadKey(index.GetProperty("KeySchema"), attributes),
            new IndexProjection(projection.GetProperty("ProjectionType").GetString()!, nonKey),
            throughput);
    }

    private static List<IndexDefinition> ReadIndexes(JsonElement json, string member, IReadOnlyList<KeyAttribute> attributes, bool isGlobal, bool payPerRequest) =>
        json.TryGetProperty(member, out var indexes) && indexes.ValueKind == JsonValueKind.Array
            ? [.. indexes.EnumerateArray().Select(i => ReadIndex(i, attributes, isGlobal, payPerRequest))]
            : [];

    public static DateTimeOffset FromEpochSeconds(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    /// <summary>Writes a TableDescription; <paramref name="table"/> supplies live counts (null while deleting).</summary>
    public static void Write(Utf8JsonWriter writer, TableDefinition definition, string status, string arn, Table? table, string? indexStatus = null)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("AttributeDefinitions");
        foreach (var attribute in definition.AttributeDefinitions)
        {
            writer.WriteStartObject();
            writer.WriteString("AttributeName", attribute.Name);
            writer.WriteString("AttributeType", attribute.Type.ToString());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("TableName", definition.Name);
        WriteKeySchema(writer, definition.Key);
        writer.WriteString("TableStatus", status);
        writer.WriteNumber("CreationDateTime", EpochSeconds(definition.CreationDateTime));
        WriteThroughput(writer, definition.ProvisionedThroughput);
        writer.WriteNumber("TableSizeBytes", table?.Items.SizeBytes ?? 0);
        writer.WriteNumber("ItemCount", table?.Items.Count ?? 0);
        writer.WriteString("TableArn", arn);
        writer.WriteString("TableId", definition.TableId);
        if (definition.PayPerRequest)
        {
            writer.WriteStartObject("BillingModeSummary");
            writer.WriteString("BillingMode", "PAY_PER_REQUEST");
            writer.WriteNumber("LastUpdateToPayPerRequestDateTime", EpochSeconds(definition.LastUpdateToPayPerRequest ?? definition.CreationDateTime));
            writer.WriteEndObject();
        }
        WriteIndexes(writer, "LocalSecondaryIndexes", definition.LocalSecondaryIndexes, arn, table, indexStatus);
        WriteIndexes(writer, "GlobalSecondaryIndexes", definition.GlobalSecondaryIndexes, arn, table, indexStatus);
        writer.WriteBoolean("DeletionProtectionEnabled", definition.DeletionProtectionEnabled);
        writer.WriteEndObject();
    }

    private static void WriteIndexes(Utf8JsonWriter writer, string member, IReadOnlyList<IndexDefinition> indexes, string tableArn, Table? table, string? indexStatus)
    {
        if (indexes.Count == 0)
        {
            return;
        }
        writer.WriteStartArray(member);
        foreach (var index in indexes)
        {
            writer.WriteStartObject();
            writer.WriteString("IndexName", index.Name);
            WriteKeySchema(writer, index.Key);
            writer.WriteStartObject("Projection");
            writer.WriteString("ProjectionType", index.Projection.ProjectionType);
            if (index.Projection.NonKeyAttributes is { } nonKey)
            {
                writer.WriteStartArray("NonKeyAttributes");
                foreach (var name in nonKey)
                {
                    writer.WriteStringValue(name);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            if (index.IsGlobal)
            {
                writer.WriteString("IndexStatus", indexStatus ?? "ACTIVE");
                WriteThroughput(writer, index.ProvisionedThroughput ?? new Throughput(0, 0));
            }
            var store = table?.IndexStore(index.Name);
            writer.WriteNumber("IndexSizeBytes", store?.SizeBytes ?? 0);
            writer.WriteNumber("ItemCount", store?.Count ?? 0);
            writer.WriteString("IndexArn", tableArn + "/index/" + index.Name);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteKeySchema(Utf8JsonWriter writer, KeySchema key)
    {
        writer.WriteStartArray("KeySchema");
        foreach (var attribute in key.Attributes)
        {
            writer.WriteStartObject();
            writer.WriteString("AttributeName", attribute.Name);
            writer.WriteString("KeyType", attribute == key.Hash ? "HASH" : "RANGE");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteThroughput(Utf8JsonWriter writer, Throughput throughput)
    {
        writer.WriteStartObject("ProvisionedThroughput");
        writer.WriteNumber("NumberOfDecreasesToday", 0);
        writer.WriteNumber("ReadCapacityUnits", throughput.ReadCapacityUnits);
        writer.WriteNumber("WriteCapacityUnits", throughput.WriteCapacityUnits);
        writer.WriteEndObject();
    }

    /// <summary>DynamoDB's timestamps are epoch seconds with millisecond fractions.</summary>
    public static decimal EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;
}
