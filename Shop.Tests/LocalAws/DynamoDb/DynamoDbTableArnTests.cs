using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// DynamoDB takes a table's ARN wherever it takes its name (since 2024; "You can also provide the Amazon Resource
/// Name (ARN) of the table in this parameter" in every operation's TableName), so code that is handed a stack's
/// <c>!GetAtt Table.Arn</c> works locally too.
/// </summary>
public sealed class DynamoDbTableArnTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();

    private static string ArnOf(string table, string region = "us-east-1", string account = "000000000000") =>
        $"arn:aws:dynamodb:{region}:{account}:table/{table}";

    [Fact]
    public async Task Item_operations_batches_and_transactions_take_the_tables_ARN()
    {
        var table = await CreateSimpleAsync(_client, "by-arn");
        var arn = ArnOf(table);

        await _client.PutItemAsync(arn, new() { ["id"] = S("1"), ["n"] = N("1") });
        await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = arn,
            Key = new() { ["id"] = S("1") },
            UpdateExpression = "ADD n :one",
            ExpressionAttributeValues = new() { [":one"] = N("1") },
        });
        var batchWrite = await _client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [arn] = [new WriteRequest(new PutRequest(new() { ["id"] = S("2") }))] },
        });
        await _client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new TransactWriteItem { Put = new Put { TableName = arn, Item = new() { ["id"] = S("3") } } }],
        });
        var got = await _client.GetItemAsync(arn, new() { ["id"] = S("1") });
        var batchGet = await _client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [arn] = new KeysAndAttributes { Keys = [new() { ["id"] = S("2") }, new() { ["id"] = S("3") }] } },
        });
        var queried = await _client.QueryAsync(new QueryRequest
        {
            TableName = arn,
            KeyConditionExpression = "id = :id",
            ExpressionAttributeValues = new() { [":id"] = S("3") },
        });
        await _client.DeleteItemAsync(arn, new() { ["id"] = S("3") });

        Assert.Equal("2", got.Item["n"].N);
        Assert.Empty(batchWrite.UnprocessedItems);
        Assert.Equal(2, batchGet.Responses[arn].Count);
        Assert.Equal(1, queried.Count);
        Assert.Equal(["1", "2"], (await _client.ScanAsync(new ScanRequest { TableName = table })).Items.Select(i => i["id"].S).Order());
    }

    [Fact]
    public async Task Table_operations_take_the_ARN_and_answer_with_the_tables_name()
    {
        var name = $"arn-made-{Guid.NewGuid():N}"[..20];

        var created = await _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = ArnOf(name),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        });
        var described = await _client.DescribeTableAsync(ArnOf(name));
        await _client.DeleteTableAsync(ArnOf(name));

        Assert.Equal(name, created.TableDescription.TableName);
        Assert.Equal(ArnOf(name), described.Table.TableArn);
        Assert.Equal(name, described.Table.TableName);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.DescribeTableAsync(name));
    }

    [Fact]
    public async Task An_ARN_of_another_account_is_refused_and_one_of_another_region_is_invalid_here()
    {
        var table = await CreateSimpleAsync(_client, "foreign");

        var otherAccount = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.PutItemAsync(ArnOf(table, account: "123456789012"), new() { ["id"] = S("x") }));
        var otherRegion = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.GetItemAsync(ArnOf(table, region: "eu-west-1"), new() { ["id"] = S("x") }));
        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.GetItemAsync(ArnOf("no-such-table"), new() { ["id"] = S("x") }));

        Assert.Equal("AccessDeniedException", otherAccount.ErrorCode);
        Assert.Equal($"User: arn:aws:iam::000000000000:user/localaws is not authorized to perform: dynamodb:PutItem on resource: {ArnOf(table, account: "123456789012")}", otherAccount.Message);
        Assert.Equal(("ValidationException", $"Invalid TableArn: Invalid ResourceArn provided as input {ArnOf(table, region: "eu-west-1")}"), (otherRegion.ErrorCode, otherRegion.Message));
        Assert.Equal("Requested resource not found", missing.Message);
        Assert.Equal(0, (await _client.ScanAsync(new ScanRequest { TableName = table })).Count);
    }

    [Fact]
    public async Task Something_that_is_not_a_table_ARN_is_checked_as_a_name()
    {
        var answer = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.GetItemAsync("arn:aws:s3:::bucket", new() { ["id"] = S("x") }));

        Assert.Equal("1 validation error detected: Value 'arn:aws:s3:::bucket' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", answer.Message);
    }
}
