using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbBatchAndTransactionTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();

    [Fact]
    public async Task BatchWriteItem_puts_and_deletes_across_tables_and_BatchGetItem_reads_them()
    {
        var first = await CreateSimpleAsync(_client, "batch");
        var second = await CreateSimpleAsync(_client, "batch");
        await _client.PutItemAsync(second, new() { ["id"] = S("gone") });

        var written = await _client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [first] = [.. Enumerable.Range(0, 20).Select(i => new WriteRequest(new PutRequest(new() { ["id"] = S($"i{i}") })))],
                [second] = [new WriteRequest(new DeleteRequest(new() { ["id"] = S("gone") })), new WriteRequest(new PutRequest(new() { ["id"] = S("kept") }))],
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.True(written.UnprocessedItems is null or { Count: 0 });
        Assert.Equal(20, written.ConsumedCapacity.Single(c => c.TableName == first).CapacityUnits);

        var read = await _client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                [first] = new KeysAndAttributes { Keys = [new() { ["id"] = S("i0") }, new() { ["id"] = S("i19") }, new() { ["id"] = S("missing") }] },
                [second] = new KeysAndAttributes { Keys = [new() { ["id"] = S("gone") }, new() { ["id"] = S("kept") }] },
            },
        });

        Assert.Equal(["i0", "i19"], read.Responses[first].Select(i => i["id"].S).Order());
        Assert.Equal("kept", Assert.Single(read.Responses[second])["id"].S);
        Assert.True(read.UnprocessedKeys is null or { Count: 0 });
    }

    [Fact]
    public async Task BatchWriteItem_refuses_two_writes_to_one_item_and_writes_nothing()
    {
        var name = await CreateSimpleAsync(_client, "batch");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [name] = [new WriteRequest(new PutRequest(new() { ["id"] = S("a") })), new WriteRequest(new PutRequest(new() { ["id"] = S("b") })), new WriteRequest(new DeleteRequest(new() { ["id"] = S("a") }))],
            },
        }));

        Assert.Equal("Provided list of item keys contains duplicates", error.Message);
        Assert.Equal(0, (await _client.ScanAsync(new ScanRequest { TableName = name })).Count);
    }

    [Fact]
    public async Task BatchWriteItem_refuses_more_than_25_requests()
    {
        var name = await CreateSimpleAsync(_client, "batch");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [name] = [.. Enumerable.Range(0, 26).Select(i => new WriteRequest(new PutRequest(new() { ["id"] = S($"i{i}") })))] },
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("Member must have length less than or equal to 25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_applies_every_action_across_tables()
    {
        var orders = await CreateSimpleAsync(_client, "tx");
        var stock = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(stock, new() { ["id"] = S("sku-1"), ["available"] = N("3") });
        await _client.PutItemAsync(stock, new() { ["id"] = S("sku-2"), ["available"] = N("0") });
        await _client.PutItemAsync(orders, new() { ["id"] = S("stale") });

        var result = await _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = orders, Item = new() { ["id"] = S("order-1") }, ConditionExpression = "attribute_not_exists(id)" } },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = stock,
                        Key = new() { ["id"] = S("sku-1") },
                        UpdateExpression = "SET available = available - :one",
                        ConditionExpression = "available >= :one",
                        ExpressionAttributeValues = new() { [":one"] = N("1") },
                    },
                },
                new TransactWriteItem { Delete = new Delete { TableName = orders, Key = new() { ["id"] = S("stale") } } },
                new TransactWriteItem { ConditionCheck = new ConditionCheck { TableName = stock, Key = new() { ["id"] = S("sku-2") }, ConditionExpression = "attribute_exists(id)" } },
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });

        Assert.Equal("2", (await _client.GetItemAsync(stock, new() { ["id"] = S("sku-1") })).Item["available"].N);
        Assert.True((await _client.GetItemAsync(orders, new() { ["id"] = S("order-1") })).IsItemSet);
        Assert.False((await _client.GetItemAsync(orders, new() { ["id"] = S("stale") })).IsItemSet);
        // Transactions cost twice: 2 units per 1 KB item written, checked or deleted.
        Assert.Equal(4, result.ConsumedCapacity.Single(c => c.TableName == orders).CapacityUnits);
        Assert.Equal(4, result.ConsumedCapacity.Single(c => c.TableName == stock).CapacityUnits);
    }

    [Fact]
    public async Task A_cancelled_transaction_changes_nothing_and_gives_reasons_in_order()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(name, new() { ["id"] = S("taken"), ["v"] = N("1") });

        var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = new() { ["id"] = S("new") } } },
                new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = name,
                        Item = new() { ["id"] = S("taken"), ["v"] = N("2") },
                        ConditionExpression = "attribute_not_exists(id)",
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    },
                },
            ],
        }));

        Assert.Equal(["None", "ConditionalCheckFailed"], error.CancellationReasons.Select(r => r.Code));
        Assert.Equal("The conditional request failed", error.CancellationReasons[1].Message);
        Assert.Equal("1", error.CancellationReasons[1].Item["v"].N);
        Assert.Equal("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]", error.Message);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("new") })).IsItemSet);
        Assert.Equal("1", (await _client.GetItemAsync(name, new() { ["id"] = S("taken") })).Item["v"].N);
    }

    [Fact]
    public async Task Concurrent_transactions_across_tables_never_break_an_invariant()
    {
        var accounts = await CreateSimpleAsync(_client, "tx");
        var ledger = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(accounts, new() { ["id"] = S("a"), ["balance"] = N("10") });
        await _client.PutItemAsync(accounts, new() { ["id"] = S("b"), ["balance"] = N("0") });

        async Task<bool> MoveOneAsync(int attempt)
        {
            try
            {
                await _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
                {
                    TransactItems =
                    [
                        new TransactWriteItem { Update = new Update { TableName = accounts, Key = new() { ["id"] = S("a") }, UpdateExpression = "SET balance = balance - :one", ConditionExpression = "balance >= :one", ExpressionAttributeValues = new() { [":one"] = N("1") } } },
                        new TransactWriteItem { Update = new Update { TableName = accounts, Key = new() { ["id"] = S("b") }, UpdateExpression = "SET balance = balance + :one", ExpressionAttributeValues = new() { [":one"] = N("1") } } },
                        new TransactWriteItem { Put = new Put { TableName = ledger, Item = new() { ["id"] = S($"move-{attempt}") } } },
                    ],
                });
                return true;
            }
            catch (TransactionCanceledException)
            {
                return false;
            }
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(() => MoveOneAsync(i))));

        // Only ten units exist: exactly ten moves succeed, each with its ledger entry, and nothing is lost or created.
        Assert.Equal(10, outcomes.Count(o => o));
        Assert.Equal("0", (await _client.GetItemAsync(accounts, new() { ["id"] = S("a") })).Item["balance"].N);
        Assert.Equal("10", (await _client.GetItemAsync(accounts, new() { ["id"] = S("b") })).Item["balance"].N);
        Assert.Equal(10, (await _client.ScanAsync(new ScanRequest { TableName = ledger })).Count);
    }

    [Fact]
    public async Task Cancellation_reasons_name_each_failed_condition_in_place()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(name, new() { ["id"] = S("exists") });

        var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { ConditionCheck = new ConditionCheck { TableName = name, Key = new() { ["id"] = S("missing") }, ConditionExpression = "attribute_exists(id)" } },
                new TransactWriteItem { Put = new Put { TableName = name, Item = new() { ["id"] = S("fresh") } } },
                new TransactWriteItem { Delete = new Delete { TableName = name, Key = new() { ["id"] = S("exists") }, ConditionExpression = "attribute_not_exists(id)" } },
            ],
        }));

        Assert.Equal(["ConditionalCheckFailed", "None", "ConditionalCheckFailed"], error.CancellationReasons.Select(r => r.Code));
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("fresh") })).IsItemSet);
        Assert.True((await _client.GetItemAsync(name, new() { ["id"] = S("exists") })).IsItemSet);
    }

    [Fact]
    public async Task A_retried_transaction_with_the_same_token_applies_once()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(name, new() { ["id"] = S("c"), ["n"] = N("0") });
        TransactWriteItemsRequest Increment(string by) => new()
        {
            ClientRequestToken = "token-" + name,
            TransactItems =
            [
                new TransactWriteItem
                {
                    Update = new Update { TableName = name, Key = new() { ["id"] = S("c") }, UpdateExpression = "ADD n :by", ExpressionAttributeValues = new() { [":by"] = N(by) } },
                },
            ],
        };

        await _client.TransactWriteItemsAsync(Increment("1"));
        await _client.TransactWriteItemsAsync(Increment("1"));
        var mismatch = await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => _client.TransactWriteItemsAsync(Increment("5")));

        Assert.Equal("1", (await _client.GetItemAsync(name, new() { ["id"] = S("c") })).Item["n"].N);
        Assert.Equal("IdempotentParameterMismatchException", mismatch.ErrorCode);
    }

    [Fact]
    public async Task A_transaction_cannot_touch_one_item_twice()
    {
        var name = await CreateSimpleAsync(_client, "tx");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = new() { ["id"] = S("x") } } },
                new TransactWriteItem { Delete = new Delete { TableName = name, Key = new() { ["id"] = S("x") } } },
            ],
        }));

        Assert.Equal("Transaction request cannot include multiple operations on one item", error.Message);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("x") })).IsItemSet);
    }

    [Fact]
    public async Task TransactGetItems_reads_in_request_order_with_empty_responses_for_missing_items()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(name, new() { ["id"] = S("a"), ["v"] = S("1") });
        await _client.PutItemAsync(name, new() { ["id"] = S("b"), ["v"] = S("2") });

        var read = await _client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems =
            [
                new TransactGetItem { Get = new Get { TableName = name, Key = new() { ["id"] = S("b") } } },
                new TransactGetItem { Get = new Get { TableName = name, Key = new() { ["id"] = S("none") } } },
                new TransactGetItem { Get = new Get { TableName = name, Key = new() { ["id"] = S("a") }, ProjectionExpression = "v" } },
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });

        Assert.Equal("2", read.Responses[0].Item["v"].S);
        Assert.True(read.Responses[1].Item is null or { Count: 0 });
        Assert.Equal(["v"], read.Responses[2].Item.Keys);
        Assert.Equal(6, Assert.Single(read.ConsumedCapacity).CapacityUnits);
    }

    [Fact]
    public async Task TransactGetItems_cancels_with_a_ValidationError_for_a_key_that_does_not_fit_the_schema()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(name, new() { ["id"] = S("a") });

        // As DynamoDB answers (captured by the dynamodb-conformance suite): the read's own problem is its reason.
        var empty = await Assert.ThrowsAsync<TransactionCanceledException>(() => _client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new TransactGetItem { Get = new Get { TableName = name, Key = [] } }],
        }));
        Assert.Equal("Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]", empty.Message);
        Assert.Equal("The provided key element does not match the schema", Assert.Single(empty.CancellationReasons).Message);

        var mixed = await Assert.ThrowsAsync<TransactionCanceledException>(() => _client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems =
            [
                new TransactGetItem { Get = new Get { TableName = name, Key = new() { ["id"] = S("a") } } },
                new TransactGetItem { Get = new Get { TableName = name, Key = new() { ["id"] = N("1") } } },
            ],
        }));
        Assert.Equal(["None", "ValidationError"], mixed.CancellationReasons.Select(r => r.Code));

        // An empty key value is the request's own error, before any read.
        var emptyValue = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new TransactGetItem { Get = new Get { TableName = name, Key = new() { ["id"] = S("") } } }],
        }));
        Assert.Equal("ValidationException", emptyValue.ErrorCode);
    }

    [Fact]
    public async Task A_transacted_action_that_cannot_apply_cancels_with_a_ValidationError_and_writes_nothing()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        await _client.PutItemAsync(name, new() { ["id"] = S("text"), ["v"] = S("not a number") });
        await _client.PutItemAsync(name, new() { ["id"] = S("guarded"), ["v"] = N("1") });

        var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = new() { ["id"] = S("new") } } },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = name,
                        Key = new() { ["id"] = S("text") },
                        UpdateExpression = "SET v = v + :one",
                        ExpressionAttributeValues = new() { [":one"] = N("1") },
                    },
                },
                new TransactWriteItem { Delete = new Delete { TableName = name, Key = new() { ["id"] = N("7") } } },
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck { TableName = name, Key = new() { ["id"] = S("guarded") }, ConditionExpression = "v > :one", ExpressionAttributeValues = new() { [":one"] = N("1") } },
                },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = name,
                        Key = new() { ["id"] = S("big") },
                        UpdateExpression = "SET payload = :p",
                        ExpressionAttributeValues = new() { [":p"] = S(new string('x', 300_000)) },
                    },
                },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = name,
                        Key = new() { ["id"] = S("bigger") },
                        UpdateExpression = "SET a = :p, b = :p",
                        ExpressionAttributeValues = new() { [":p"] = S(new string('x', 250_000)) },
                    },
                },
            ],
        }));

        // The reason codes and messages the API reference lists for TransactionCanceledException.
        Assert.Equal(["None", "ValidationError", "ValidationError", "ConditionalCheckFailed", "None", "ValidationError"], error.CancellationReasons.Select(r => r.Code));
        Assert.Equal("An operand in the update expression has an incorrect data type", error.CancellationReasons[1].Message);
        Assert.Equal("The provided key element does not match the schema", error.CancellationReasons[2].Message);
        Assert.Equal("Item size to update has exceeded the maximum allowed size", error.CancellationReasons[5].Message);
        Assert.Equal("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError, ValidationError, ConditionalCheckFailed, None, ValidationError]", error.Message);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("new") })).IsItemSet);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("big") })).IsItemSet);
        Assert.Equal("not a number", (await _client.GetItemAsync(name, new() { ["id"] = S("text") })).Item["v"].S);
    }

    [Fact]
    public async Task A_transaction_over_4_MB_of_items_is_refused_and_one_under_it_applies()
    {
        var name = await CreateSimpleAsync(_client, "tx");
        TransactWriteItemsRequest Puts(string prefix, int count) => new()
        {
            TransactItems = [.. Enumerable.Range(0, count).Select(i => new TransactWriteItem
            {
                Put = new Put { TableName = name, Item = new() { ["id"] = S($"{prefix}-{i}"), ["payload"] = S(new string('x', 350_000)) } },
            })],
        };

        // 12 items of 350 KB: over the 4 MB "aggregate size of the items in the transaction" (the API reference).
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.TransactWriteItemsAsync(Puts("over", 12)));
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.StartsWith("The aggregate size of the items in the transaction exceeds the maximum allowed size of 4 MB", error.Message, StringComparison.Ordinal);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("over-0") })).IsItemSet);

        await _client.TransactWriteItemsAsync(Puts("under", 11));
        Assert.True((await _client.GetItemAsync(name, new() { ["id"] = S("under-10") })).IsItemSet);
    }
}
