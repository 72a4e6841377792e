using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// UpdateTable: billing mode, provisioned throughput, and global secondary indexes created (backfilled at once) or deleted.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
/// </summary>
internal sealed class UpdateTable : DynamoDbOperation
{
    private const string Invalid = "One or more parameter values were invalid: ";

    public override string Name => "UpdateTable";

    public override WireShape Shape { get; } = Struct("UpdateTableInput",
        ("AttributeDefinitions", List(TableShapes.AttributeDefinitions.Element!)),
        ("TableName", TableNameShape()),
        ("BillingMode", TableShapes.BillingMode),
        ("ProvisionedThroughput", TableShapes.ProvisionedThroughput),
        ("GlobalSecondaryIndexUpdates", List(ValueStruct("GlobalSecondaryIndexUpdate",
            ("Update", Struct("UpdateGlobalSecondaryIndexAction",
                ("IndexName", IndexNameShape(notNull: true)),
                ("ProvisionedThroughput", TableShapes.ProvisionedThroughput.With(notNull: true)))),
            ("Create", Struct("CreateGlobalSecondaryIndexAction",
                ("IndexName", IndexNameShape(notNull: true)),
                ("Projection", TableShapes.Projection),
                ("ProvisionedThroughput", TableShapes.ProvisionedThroughput),
                ("KeySchema", TableShapes.IndexKeySchema))),
            ("Delete", Struct("DeleteGlobalSecondaryIndexAction",
                ("IndexName", IndexNameShape(notNull: true))))).With(notNull: true))),
        ("DeletionProtectionEnabled", Bool()));

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        var updates = request.Member("GlobalSecondaryIndexUpdates")?.EnumerateArray().ToList() ?? [];
        if (!request.Has("ProvisionedThroughput") && !request.Has("BillingMode") && updates.Count == 0 && !request.Has("DeletionProtectionEnabled"))
        {
            throw DynamoDbException.Validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        if (request.String("BillingMode") == "PROVISIONED" && !request.Has("ProvisionedThroughput"))
        {
            throw DynamoDbException.Validation(Invalid + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
        if (request.Member("ProvisionedThroughput") is { } throughputJson)
        {
            CreateTable.CheckThroughputBounds(throughputJson);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            var action = update.Member("Update") ?? update.Member("Create") ?? update.Member("Delete")
                ?? throw DynamoDbException.Validation(Invalid + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
            var indexName = action.String("IndexName")!;
            if (!seen.Add(indexName))
            {
                throw DynamoDbException.Validation(Invalid + "Only one global secondary index update per index is allowed simultaneously. Index: " + indexName);
            }
        }

        var state = call.State;
        lock (state.Gate)
        {
            var table = DescribeTable.FindOrThrow(call, request.String("TableName")!);
            var definition = table.Definition;
            var payPerRequest = request.String("BillingMode") switch
            {
                "PAY_PER_REQUEST" => true,
                "PROVISIONED" => false,
                _ => definition.PayPerRequest,
            };
            if (request.Has("ProvisionedThroughput") && payPerRequest)
            {
                throw DynamoDbException.Validation(Invalid + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            var throughput = payPerRequest ? new Throughput(0, 0) : request.Member("ProvisionedThroughput") is { } t ? TableDefinitionJson.ReadThroughput(t) : definition.ProvisionedThroughput;
            if (!payPerRequest && !definition.PayPerRequest && request.Has("ProvisionedThroughput") && updates.Count == 0 && throughput == definition.ProvisionedThroughput)
            {
                var old = definition.ProvisionedThroughput;
                throw DynamoDbException.Validation("The provisioned throughput for the table will not change. The requested value equals the current value. " +
                    $"Current ReadCapacityUnits provisioned for the table: {old.ReadCapacityUnits}. Requested ReadCapacityUnits: {throughput.ReadCapacityUnits}. " +
                    $"Current WriteCapacityUnits provisioned for the table: {old.WriteCapacityUnits}. Requested WriteCapacityUnits: {throughput.WriteCapacityUnits}. " +
                    "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
            }

            var attributes = definition.AttributeDefinitions.ToList();
            foreach (var attribute in request.Member("AttributeDefinitions")?.EnumerateArray() ?? default)
            {
                var name = attribute.GetProperty("AttributeName").GetString()!;
                var type = Enum.Parse<AttributeType>(attribute.GetProperty("AttributeType").GetString()!);
                var existing = attributes.FindIndex(a => a.Name == name);
                if (existing >= 0 && attributes[existing].Type != type)
                {
                    throw DynamoDbException.Validation($"{Invalid}Cannot change the type of an existing attribute: {name}");
                }
                if (existing < 0)
                {
                    attributes.Add(new KeyAttribute(name, type));
                }
            }

            var globals = definition.GlobalSecondaryIndexes.ToList();
            foreach (var update in updates)
            {
                if (update.Member("Create") is { } create)
                {
                    var indexName = create.String("IndexName")!;
                    if (definition.FindIndex(indexName) is not null)
                    {
                        throw DynamoDbException.Validation($"{Invalid}Attempting to create an index which already exists");
                    }
                    if (globals.Count >= 20)
                    {
                        throw new DynamoDbException(400, "LimitExceededException", "Subscriber limit exceeded: Only 20 global secondary indexes are allowed per table");
                    }
                    CreateTable.CheckGlobalIndex(create, [.. attributes.Select(a => a.Name)], payPerRequest);
                    globals.Add(TableDefinitionJson.ReadIndex(create, attributes, isGlobal: true, payPerRequest));
                }
                else if (update.Member("Delete") is { } delete)
                {
                    var indexName = delete.String("IndexName")!;
                    if (globals.RemoveAll(g => g.Name == indexName) == 0)
                    {
                        throw DynamoDbException.ResourceNotFound($"Requested resource not found: Requested index {indexName} not found");
                    }
                }
                else if (update.Member("Update") is { } change)
                {
                    var indexName = change.String("IndexName")!;
                    var at = globals.FindIndex(g => g.Name == indexName);
                    if (at < 0)
                    {
                        throw DynamoDbException.ResourceNotFound($"Requested resource not found: Requested index {indexName} not found");
                    }
                    if (payPerRequest)
                    {
                        throw DynamoDbException.Validation($"{Invalid}ProvisionedThroughput should not be specified for index: {indexName} when BillingMode is PAY_PER_REQUEST");
                    }
                    globals[at] = globals[at] with { ProvisionedThroughput = TableDefinitionJson.ReadThroughput(change.GetProperty("ProvisionedThroughput")) };
                }
            }
            if (payPerRequest != definition.PayPerRequest)
            {
                globals = [.. globals.Select(g => g with { ProvisionedThroughput = payPerRequest ? new Throughput(0, 0) : g.ProvisionedThroughput is { ReadCapacityUnits: > 0 } p ? p : throughput })];
            }

            // Attribute definitions that no key uses any more are dropped, as DynamoDB does.
            var used = definition.Key.Attributes.Concat(definition.LocalSecondaryIndexes.SelectMany(i => i.Key.Attributes)).Concat(globals.SelectMany(g => g.Key.Attributes))
                .Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            var updated = definition with
            {
                AttributeDefinitions = [.. attributes.Where(a => used.Contains(a.Name))],
                PayPerRequest = payPerRequest,
                ProvisionedThroughput = throughput,
                LastUpdateToPayPerRequest = payPerRequest ? (definition.PayPerRequest ? definition.LastUpdateToPayPerRequest : state.Time.GetUtcNow()) : null,
                GlobalSecondaryIndexes = globals,
                DeletionProtectionEnabled = request.Has("DeletionProtectionEnabled") ? request.Boolean("DeletionProtectionEnabled") : definition.DeletionProtectionEnabled,
            };
            state.Redefine(table, updated);
            response.WritePropertyName("TableDescription");
            TableDefinitionJson.Write(response, updated, "ACTIVE", state.TableArn(table), table);
        }
    }
}
