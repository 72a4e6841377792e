using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbItemTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();

    [Fact]
    public async Task Writes_to_a_table_with_a_local_index_return_ItemCollectionMetrics_when_asked()
    {
        var withLocalIndex = await CreateCompositeAsync(_client, "icm");
        var without = await CreateSimpleAsync(_client, "icm-none");
        var key = new Dictionary<string, AttributeValue> { ["pk"] = S("collection"), ["sk"] = S("1") };

        var put = await _client.PutItemAsync(new PutItemRequest { TableName = withLocalIndex, Item = new(key) { ["lsi_sk"] = N("1") }, ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });
        var update = await _client.UpdateItemAsync(new UpdateItemRequest { TableName = withLocalIndex, Key = key, UpdateExpression = "SET v = :v", ExpressionAttributeValues = new() { [":v"] = S("x") }, ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });
        var delete = await _client.DeleteItemAsync(new DeleteItemRequest { TableName = withLocalIndex, Key = key, ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });
        var notAsked = await _client.PutItemAsync(new PutItemRequest { TableName = withLocalIndex, Item = new(key), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.NONE });
        var noLocalIndex = await _client.PutItemAsync(new PutItemRequest { TableName = without, Item = new() { ["id"] = S("1") }, ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });

        foreach (var metrics in new[] { put.ItemCollectionMetrics, update.ItemCollectionMetrics, delete.ItemCollectionMetrics })
        {
            Assert.NotNull(metrics);
            Assert.Equal("collection", Assert.Single(metrics.ItemCollectionKey).Value.S);
            Assert.Equal([0d, 1d], metrics.SizeEstimateRangeGB);
        }
        Assert.Null(notAsked.ItemCollectionMetrics);
        Assert.Null(noLocalIndex.ItemCollectionMetrics);
    }

    [Fact]
    public async Task A_put_item_is_read_back_with_every_attribute_type()
    {
        var name = await CreateSimpleAsync(_client);
        var item = new Dictionary<string, AttributeValue>
        {
            ["id"] = S("all-types"),
            ["n"] = N("12.50"),
            ["b"] = new() { B = new MemoryStream([1, 2, 3]) },
            ["bool"] = new() { BOOL = true },
            ["null"] = new() { NULL = true },
            ["m"] = new() { M = new() { ["inner"] = S("x") } },
            ["l"] = new() { L = [S("a"), N("1")] },
            ["ss"] = new() { SS = ["a", "b"] },
            ["ns"] = new() { NS = ["1", "2"] },
            ["bs"] = new() { BS = [new MemoryStream([9])] },
        };

        await _client.PutItemAsync(name, item);
        var read = (await _client.GetItemAsync(new GetItemRequest { TableName = name, Key = new() { ["id"] = S("all-types") }, ConsistentRead = true })).Item;

        Assert.Equal("12.5", read["n"].N);
        Assert.Equal([1, 2, 3], read["b"].B.ToArray());
        Assert.True(read["bool"].BOOL);
        Assert.True(read["null"].NULL);
        Assert.Equal("x", read["m"].M["inner"].S);
        Assert.Equal("1", read["l"].L[1].N);
        Assert.Equal(["a", "b"], read["ss"].SS.Order());
        Assert.Equal(["1", "2"], read["ns"].NS.Order());
        Assert.Equal([9], read["bs"].BS[0].ToArray());
    }

    [Fact]
    public async Task GetItem_returns_only_the_projected_attributes()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("p"), ["keep"] = S("k"), ["drop"] = S("d"), ["m"] = new() { M = new() { ["a"] = S("1"), ["b"] = S("2") } } });

        var read = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = name,
            Key = new() { ["id"] = S("p") },
            ProjectionExpression = "#k, m.a",
            ExpressionAttributeNames = new() { ["#k"] = "keep" },
        });

        Assert.Equal(["keep", "m"], read.Item.Keys.Order());
        Assert.Equal(["a"], read.Item["m"].M.Keys);
    }

    [Fact]
    public async Task A_missing_item_reads_as_no_item()
    {
        var name = await CreateSimpleAsync(_client);

        var read = await _client.GetItemAsync(name, new() { ["id"] = S("nothing") });

        Assert.False(read.IsItemSet);
    }

    [Fact]
    public async Task A_failed_condition_is_ConditionalCheckFailedException_and_changes_nothing()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("c"), ["v"] = N("1") });

        var error = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => _client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = new() { ["id"] = S("c"), ["v"] = N("2") },
            ConditionExpression = "attribute_not_exists(id)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Assert.Equal("The conditional request failed", error.Message);
        Assert.Equal("1", error.Item["v"].N);
        Assert.Equal("1", (await _client.GetItemAsync(name, new() { ["id"] = S("c") })).Item["v"].N);
    }

    [Fact]
    public async Task PutItem_returns_the_old_item_when_asked()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("o"), ["v"] = S("old") });

        var put = await _client.PutItemAsync(new PutItemRequest { TableName = name, Item = new() { ["id"] = S("o"), ["v"] = S("new") }, ReturnValues = ReturnValue.ALL_OLD });

        Assert.Equal("old", put.Attributes["v"].S);
    }

    [Fact]
    public async Task PutItem_refuses_return_values_other_than_ALL_OLD()
    {
        var name = await CreateSimpleAsync(_client);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.PutItemAsync(new PutItemRequest { TableName = name, Item = new() { ["id"] = S("x") }, ReturnValues = ReturnValue.ALL_NEW }));

        Assert.Equal("ReturnValues can only be ALL_OLD or NONE", error.Message);
    }

    [Fact]
    public async Task UpdateItem_creates_the_item_and_returns_each_kind_of_return_values()
    {
        var name = await CreateSimpleAsync(_client);
        var key = new Dictionary<string, AttributeValue> { ["id"] = S("u") };

        var created = await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = key,
            UpdateExpression = "SET #c = if_not_exists(#c, :zero) + :one, tags = :tags",
            ExpressionAttributeNames = new() { ["#c"] = "count" },
            ExpressionAttributeValues = new() { [":zero"] = N("0"), [":one"] = N("1"), [":tags"] = new() { SS = ["a"] } },
            ReturnValues = ReturnValue.ALL_NEW,
        });
        Assert.Equal("1", created.Attributes["count"].N);
        Assert.Equal("u", created.Attributes["id"].S);

        var updatedOld = await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = key,
            UpdateExpression = "ADD #c :one REMOVE tags",
            ExpressionAttributeNames = new() { ["#c"] = "count" },
            ExpressionAttributeValues = new() { [":one"] = N("1") },
            ReturnValues = ReturnValue.UPDATED_OLD,
        });
        Assert.Equal(["count", "tags"], updatedOld.Attributes.Keys.Order());
        Assert.Equal("1", updatedOld.Attributes["count"].N);

        var updatedNew = await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = key,
            UpdateExpression = "SET #c = #c - :one",
            ExpressionAttributeNames = new() { ["#c"] = "count" },
            ExpressionAttributeValues = new() { [":one"] = N("1") },
            ReturnValues = ReturnValue.UPDATED_NEW,
        });
        Assert.Equal("1", Assert.Single(updatedNew.Attributes).Value.N);
    }

    [Fact]
    public async Task UpdateItem_cannot_change_a_key_attribute()
    {
        var name = await CreateSimpleAsync(_client);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = new() { ["id"] = S("k") },
            UpdateExpression = "SET id = :v",
            ExpressionAttributeValues = new() { [":v"] = S("other") },
        }));

        Assert.Equal("One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key", error.Message);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("k") })).IsItemSet);
    }

    [Fact]
    public async Task DeleteItem_with_a_condition_deletes_only_when_it_holds()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("d"), ["state"] = S("open") });

        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => _client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = new() { ["id"] = S("d") },
            ConditionExpression = "#s = :closed",
            ExpressionAttributeNames = new() { ["#s"] = "state" },
            ExpressionAttributeValues = new() { [":closed"] = S("closed") },
        }));
        var deleted = await _client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = new() { ["id"] = S("d") },
            ConditionExpression = "#s = :open",
            ExpressionAttributeNames = new() { ["#s"] = "state" },
            ExpressionAttributeValues = new() { [":open"] = S("open") },
            ReturnValues = ReturnValue.ALL_OLD,
        });

        Assert.Equal("open", deleted.Attributes["state"].S);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("d") })).IsItemSet);
    }

    [Fact]
    public async Task An_item_over_400_KB_is_refused_and_not_stored()
    {
        var name = await CreateSimpleAsync(_client);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.PutItemAsync(name, new() { ["id"] = S("big"), ["blob"] = S(new string('x', 400 * 1024)) }));

        Assert.Equal("Item size has exceeded the maximum allowed size", error.Message);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("big") })).IsItemSet);
    }

    [Fact]
    public async Task Item_operations_on_a_missing_table_are_ResourceNotFoundException()
    {
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.PutItemAsync("nope-" + Guid.NewGuid().ToString("N"), new() { ["id"] = S("1") }));

        Assert.Equal("Requested resource not found", error.Message);
    }

    [Fact]
    public async Task Keys_must_match_the_schema()
    {
        var name = await CreateSimpleAsync(_client);

        var wrongType = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.PutItemAsync(name, new() { ["id"] = N("1") }));
        var missing = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.PutItemAsync(name, new() { ["other"] = S("1") }));
        var badKey = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.GetItemAsync(name, new() { ["id"] = S("1"), ["extra"] = S("2") }));

        Assert.Equal("One or more parameter values were invalid: Type mismatch for key id expected: S actual: N", wrongType.Message);
        Assert.Equal("One or more parameter values were invalid: Missing the key id in the item", missing.Message);
        Assert.Equal("The provided key element does not match the schema", badKey.Message);
    }

    [Fact]
    public async Task Fifty_parallel_conditional_increments_all_count()
    {
        var name = await CreateSimpleAsync(_client);
        await _client.PutItemAsync(name, new() { ["id"] = S("counter"), ["n"] = N("0") });

        async Task IncrementAsync()
        {
            while (true)
            {
                var current = (await _client.GetItemAsync(new GetItemRequest { TableName = name, Key = new() { ["id"] = S("counter") }, ConsistentRead = true })).Item["n"].N;
                try
                {
                    await _client.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = name,
                        Key = new() { ["id"] = S("counter") },
                        UpdateExpression = "SET n = n + :one",
                        ConditionExpression = "n = :seen",
                        ExpressionAttributeValues = new() { [":one"] = N("1"), [":seen"] = N(current) },
                    });
                    return;
                }
                catch (ConditionalCheckFailedException)
                {
                    // Someone else incremented first: read again and retry, as optimistic locking does.
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(IncrementAsync)));

        Assert.Equal("50", (await _client.GetItemAsync(name, new() { ["id"] = S("counter") })).Item["n"].N);
    }

    [Fact]
    public async Task Consumed_capacity_counts_kilobytes_written_and_read()
    {
        var name = await CreateCompositeAsync(_client);
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = S("p"),
            ["sk"] = S("s"),
            ["gsi_pk"] = S("g"),
            ["gsi_sk"] = N("1"),
            ["payload"] = S(new string('x', 1500)),
        };

        var put = await _client.PutItemAsync(new PutItemRequest { TableName = name, Item = item, ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        var eventual = await _client.GetItemAsync(new GetItemRequest { TableName = name, Key = new() { ["pk"] = S("p"), ["sk"] = S("s") }, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        var consistent = await _client.GetItemAsync(new GetItemRequest { TableName = name, Key = new() { ["pk"] = S("p"), ["sk"] = S("s") }, ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });

        // About 1.5 KB: 2 write units in the table and 2 in the GSI (projection ALL); the item lacks the LSI's sort key.
        Assert.Equal(2, put.ConsumedCapacity.Table.CapacityUnits);
        Assert.Equal(2, put.ConsumedCapacity.GlobalSecondaryIndexes["by-gsi"].CapacityUnits);
        Assert.True(put.ConsumedCapacity.LocalSecondaryIndexes is null or { Count: 0 });
        Assert.Equal(4, put.ConsumedCapacity.CapacityUnits);
        Assert.Equal(0.5, eventual.ConsumedCapacity.CapacityUnits);
        Assert.Equal(1, consistent.ConsumedCapacity.CapacityUnits);
    }
}
