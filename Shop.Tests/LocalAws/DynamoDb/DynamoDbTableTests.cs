using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbTableTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();

    [Fact]
    public async Task A_created_table_is_described_as_active_with_its_keys_and_indexes()
    {
        var name = await CreateCompositeAsync(_client);

        var table = (await _client.DescribeTableAsync(name)).Table;

        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(["pk", "sk"], table.KeySchema.Select(k => k.AttributeName));
        Assert.Equal("by-gsi", Assert.Single(table.GlobalSecondaryIndexes).IndexName);
        Assert.Equal("by-lsi", Assert.Single(table.LocalSecondaryIndexes).IndexName);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary.BillingMode);
        Assert.Equal($"arn:aws:dynamodb:us-east-1:000000000000:table/{name}", table.TableArn);
        Assert.Equal(0, table.ItemCount);
    }

    [Fact]
    public async Task Creating_a_table_twice_is_ResourceInUseException()
    {
        var name = await CreateSimpleAsync(_client);

        var error = await Assert.ThrowsAsync<ResourceInUseException>(() => CreateSimpleTableNamed(name));

        Assert.Equal("Table already exists: " + name, error.Message);
    }

    [Fact]
    public async Task Describing_a_missing_table_is_ResourceNotFoundException()
    {
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.DescribeTableAsync("missing-" + Guid.NewGuid().ToString("N")));

        Assert.StartsWith("Requested resource not found: Table: missing-", error.Message);
    }

    [Fact]
    public async Task Provisioned_tables_need_both_capacities()
    {
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = LocalAwsFixture.UniqueName("prov"),
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED", error.Message);
    }

    [Fact]
    public async Task Key_attributes_must_be_defined()
    {
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = LocalAwsFixture.UniqueName("undef"),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("other", KeyType.HASH)],
        }));

        Assert.Equal("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [other], AttributeDefinitions: [id]", error.Message);
    }

    [Fact]
    public async Task ListTables_pages_through_names_in_order()
    {
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add(await CreateSimpleAsync(_client, "list"));
        }

        var seen = new List<string>();
        string? start = null;
        do
        {
            var page = await _client.ListTablesAsync(new ListTablesRequest { Limit = 2, ExclusiveStartTableName = start });
            Assert.True(page.TableNames.Count <= 2);
            seen.AddRange(page.TableNames);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Superset(names.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task A_deleted_table_is_gone_with_its_items()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("1") });

        var deleted = await _client.DeleteTableAsync(name);

        Assert.Equal(TableStatus.DELETING, deleted.TableDescription.TableStatus);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.DescribeTableAsync(name));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.GetItemAsync(name, new() { ["id"] = S("1") }));
    }

    [Fact]
    public async Task UpdateTable_adds_a_global_index_backfilled_with_existing_items_and_removes_it()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("1"), ["email"] = S("a@example.com") });
        await _client.PutItemAsync(name, new() { ["id"] = S("2") });

        await _client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("email", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates =
            [
                new GlobalSecondaryIndexUpdate
                {
                    Create = new CreateGlobalSecondaryIndexAction
                    {
                        IndexName = "by-email",
                        KeySchema = [new KeySchemaElement("email", KeyType.HASH)],
                        Projection = new Projection { ProjectionType = ProjectionType.ALL },
                    },
                },
            ],
        });
        var found = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-email",
            KeyConditionExpression = "email = :e",
            ExpressionAttributeValues = new() { [":e"] = S("a@example.com") },
        });
        Assert.Equal("1", Assert.Single(found.Items)["id"].S);
        Assert.Equal(1, (await _client.DescribeTableAsync(name)).Table.GlobalSecondaryIndexes[0].ItemCount);

        await _client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            GlobalSecondaryIndexUpdates = [new GlobalSecondaryIndexUpdate { Delete = new DeleteGlobalSecondaryIndexAction { IndexName = "by-email" } }],
        });
        var table = (await _client.DescribeTableAsync(name)).Table;
        Assert.True(table.GlobalSecondaryIndexes is null or { Count: 0 });
        Assert.Equal(["id"], table.AttributeDefinitions.Select(a => a.AttributeName));
    }

    [Fact]
    public async Task UpdateTable_switches_billing_mode()
    {
        var name = await CreateSimpleAsync(_client);

        var updated = await _client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new ProvisionedThroughput(5, 7),
        });

        Assert.Equal(5, updated.TableDescription.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(7, (await _client.DescribeTableAsync(name)).Table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task Tags_can_be_added_listed_and_removed()
    {
        var name = await CreateSimpleAsync(_client);
        var arn = (await _client.DescribeTableAsync(name)).Table.TableArn;

        await _client.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "env", Value = "local" }, new Tag { Key = "team", Value = "shop" }] });
        await _client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = arn, TagKeys = ["team"] });
        var tags = await _client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn });

        var tag = Assert.Single(tags.Tags);
        Assert.Equal(("env", "local"), (tag.Key, tag.Value));
    }

    [Fact]
    public async Task A_resource_arn_ending_in_a_line_feed_is_no_arn()
    {
        var name = await CreateSimpleAsync(_client);
        var arn = (await _client.DescribeTableAsync(name)).Table.TableArn;

        var refused = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn + "\n" }));

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal("Invalid TableArn: Invalid ResourceArn provided as input " + arn + "\n", refused.Message);
    }

    [Theory]
    [InlineData("not-a-valid-arn")]
    [InlineData("a:b:c:d:e:f")]
    public async Task Something_that_is_not_an_arn_is_an_invalid_TableArn_as_DynamoDB_answers_today(string resourceArn)
    {
        var refused = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.TagResourceAsync(new TagResourceRequest { ResourceArn = resourceArn, Tags = [new Tag { Key = "env", Value = "test" }] }));

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal("Invalid TableArn: Invalid ResourceArn provided as input " + resourceArn, refused.Message);
    }

    private Task<CreateTableResponse> CreateSimpleTableNamed(string name) => _client.CreateTableAsync(new CreateTableRequest
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
        KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
    });
}
