using System.Text.Json;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// CreateTable: the table is usable at once (DescribeTable says ACTIVE); the response says CREATING, as AWS's does.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
/// </summary>
internal sealed class CreateTable : DynamoDbOperation
{
    private const string Invalid = "One or more parameter values were invalid: ";

    public override string Name => "CreateTable";

    public override WireShape Shape { get; } = Struct("CreateTableInput",
        ("AttributeDefinitions", TableShapes.AttributeDefinitions),
        ("TableName", WireShape.TableNameShape(notNull: false, required: true)),
        ("BillingMode", TableShapes.BillingMode),
        ("ProvisionedThroughput", TableShapes.ProvisionedThroughput),
        ("KeySchema", TableShapes.KeySchema),
        ("LocalSecondaryIndexes", TableShapes.LocalSecondaryIndexes),
        ("GlobalSecondaryIndexes", List(TableShapes.GlobalSecondaryIndex)),
        ("Tags", TableShapes.Tags),
        ("DeletionProtectionEnabled", Bool()));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        Check(request);
        var state = call.State;
        lock (state.Gate)
        {
            var name = TableReference.NameOf(call, request.String("TableName")!);
            if (call.FindTable(name) is not null)
            {
                throw DynamoDbException.ResourceInUse("Table already exists: " + name);
            }
            var definition = TableDefinitionJson.Read(request, Guid.NewGuid().ToString(), state.Time.GetUtcNow(), name);
            var table = new Table(call.Context.Region, definition);
            foreach (var tag in request.Member("Tags")?.EnumerateArray() ?? default)
            {
                table.Tags[tag.GetProperty("Key").GetString()!] = tag.GetProperty("Value").GetString()!;
            }
            state.CreateTable(table);
            response.WritePropertyName("TableDescription");
            TableDefinitionJson.Write(response, definition, "CREATING", state.TableArn(table), table, indexStatus: "CREATING");
        }
    }

    /// <summary>CreateTable's own checks, in DynamoDB's order and words.</summary>
    private static void Check(JsonElement request)
    {
        var throughput = request.Member("ProvisionedThroughput");
        if (request.String("BillingMode") == "PAY_PER_REQUEST")
        {
            if (throughput is not null)
            {
                throw DynamoDbException.Validation(Invalid + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
        }
        else
        {
            if (throughput is not { } t || t.Integer("ReadCapacityUnits") is null or 0 || t.Integer("WriteCapacityUnits") is null or 0)
            {
                throw DynamoDbException.Validation(Invalid + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }
            CheckThroughputBounds(t);
        }

        var definitions = request.GetProperty("AttributeDefinitions").EnumerateArray().Select(d => d.GetProperty("AttributeName").GetString()!).ToList();
        var keySchema = request.GetProperty("KeySchema");
        var keys = keySchema.EnumerateArray().Select(k => k.GetProperty("AttributeName").GetString()!).ToList();
        if (keys.Count > definitions.Count)
        {
            throw DynamoDbException.Validation("Invalid KeySchema: Some index key attribute have no definition");
        }
        CheckKeySchema(keySchema, definitions);

        var lsis = request.Member("LocalSecondaryIndexes");
        var gsis = request.Member("GlobalSecondaryIndexes");
        if (lsis is null && gsis is null && keys.Count != definitions.Count)
        {
            throw DynamoDbException.Validation(Invalid + "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }

        var indexNames = new HashSet<string>(StringComparer.Ordinal);
        if (lsis is { } locals)
        {
            if (locals.GetArrayLength() == 0)
            {
                throw DynamoDbException.Validation(Invalid + "List of LocalSecondaryIndexes is empty");
            }
            if (keys.Count != 2)
            {
                throw DynamoDbException.Validation(Invalid + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            foreach (var index in locals.EnumerateArray())
            {
                var indexName = index.GetProperty("IndexName").GetString()!;
                var indexKey = index.GetProperty("KeySchema");
                CheckKeySchema(indexKey, definitions);
                if (indexKey.GetArrayLength() != 2)
                {
                    throw DynamoDbException.Validation(Invalid + "Index KeySchema does not have a range key for index: " + indexName);
                }
                var indexHash = indexKey[0].GetProperty("AttributeName").GetString();
                if (indexHash != keys[0])
                {
                    throw DynamoDbException.Validation($"{Invalid}Index KeySchema does not have the same leading hash key as table KeySchema for index: {indexName}. index hash key: {indexHash}, table hash key: {keys[0]}");
                }
                CheckProjection(index);
                if (!indexNames.Add(indexName))
                {
                    throw DynamoDbException.Validation(Invalid + "Duplicate index name: " + indexName);
                }
            }
            if (locals.GetArrayLength() > 5)
            {
                throw DynamoDbException.Validation(Invalid + "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
            }
        }

        if (gsis is { } globals)
        {
            if (globals.GetArrayLength() == 0)
            {
                throw DynamoDbException.Validation(Invalid + "List of GlobalSecondaryIndexes is empty");
            }
            var payPerRequest = request.String("BillingMode") == "PAY_PER_REQUEST";
            foreach (var index in globals.EnumerateArray())
            {
                var indexName = index.GetProperty("IndexName").GetString()!;
                CheckGlobalIndex(index, definitions, payPerRequest);
                if (!indexNames.Add(indexName))
                {
                    throw DynamoDbException.Validation(Invalid + "Duplicate index name: " + indexName);
                }
            }
            if (globals.GetArrayLength() > 20)
            {
                throw DynamoDbException.Validation(Invalid + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
            }
        }

        var used = keys.ToHashSet(StringComparer.Ordinal);
        foreach (var index in (lsis?.EnumerateArray() ?? default).Concat(gsis?.EnumerateArray() ?? default))
        {
            foreach (var key in index.GetProperty("KeySchema").EnumerateArray())
            {
                used.Add(key.GetProperty("AttributeName").GetString()!);
            }
        }
        if (definitions.Any(d => !used.Contains(d)))
        {
            // AWS rejects AttributeDefinitions that no key uses (dynalite does not check this when indexes exist).
            throw DynamoDbException.Validation($"{Invalid}Some AttributeDefinitions are not used. AttributeDefinitions: [{string.Join(", ", definitions)}], keys used: [{string.Join(", ", used)}]");
        }
    }

    internal static void CheckGlobalIndex(JsonElement index, List<string> definitions, bool payPerRequest)
    {
        var indexName = index.GetProperty("IndexName").GetString()!;
        CheckKeySchema(index.GetProperty("KeySchema"), definitions);
        CheckProjection(index);
        if (payPerRequest && index.Has("ProvisionedThroughput"))
        {
            throw DynamoDbException.Validation($"{Invalid}ProvisionedThroughput should not be specified for index: {indexName} when BillingMode is PAY_PER_REQUEST");
        }
        if (!payPerRequest && !index.Has("ProvisionedThroughput"))
        {
            throw DynamoDbException.Validation($"{Invalid}ProvisionedThroughput must be specified for index: {indexName}");
        }
        if (index.Member("ProvisionedThroughput") is { } throughput)
        {
            CheckThroughputBounds(throughput);
        }
    }

    internal static void CheckThroughputBounds(JsonElement throughput)
    {
        if (throughput.Integer("ReadCapacityUnits") is > 1_000_000_000_000 and var read)
        {
            throw DynamoDbException.Validation($"Given value {read} for ReadCapacityUnits is out of bounds");
        }
        if (throughput.Integer("WriteCapacityUnits") is > 1_000_000_000_000 and var write)
        {
            throw DynamoDbException.Validation($"Given value {write} for WriteCapacityUnits is out of bounds");
        }
    }

    private static void CheckKeySchema(JsonElement keySchema, List<string> definitions)
    {
        var elements = keySchema.EnumerateArray().ToList();
        var keys = elements.Select(k => k.GetProperty("AttributeName").GetString()!).ToList();
        if (keys.Any(k => !definitions.Contains(k)))
        {
            throw DynamoDbException.Validation($"{Invalid}Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", keys)}], AttributeDefinitions: [{string.Join(", ", definitions)}]");
        }
        if (keys.Count == 2 && keys[0] == keys[1])
        {
            throw DynamoDbException.Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (elements[0].GetProperty("KeyType").GetString() != "HASH")
        {
            throw DynamoDbException.Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (elements.Count == 2 && elements[1].GetProperty("KeyType").GetString() != "RANGE")
        {
            throw DynamoDbException.Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
    }

    private static void CheckProjection(JsonElement index)
    {
        var projection = index.GetProperty("Projection");
        var type = projection.String("ProjectionType");
        if (type is null)
        {
            throw DynamoDbException.Validation(Invalid + "Unknown ProjectionType: null");
        }
        if (projection.Has("NonKeyAttributes") && type != "INCLUDE")
        {
            throw DynamoDbException.Validation($"{Invalid}ProjectionType is {type}, but NonKeyAttributes is specified");
        }
    }
}
