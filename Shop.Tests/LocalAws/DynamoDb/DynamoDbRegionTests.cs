using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// DynamoDB tables live in a region, as in AWS: a client signed for another region sees other tables, and the same
/// name in two regions is two tables. A misconfigured region fails here as it would against AWS.
/// </summary>
public sealed class DynamoDbRegionTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private const string OtherRegion = "eu-west-1";

    private readonly AmazonDynamoDBClient _home = fixture.CreateDynamoDbClient();
    private readonly AmazonDynamoDBClient _away = fixture.CreateDynamoDbClient(OtherRegion);

    [Fact]
    public async Task A_table_is_found_only_from_its_own_region()
    {
        var name = await CreateSimpleAsync(_away, "regional");
        await _away.PutItemAsync(name, new() { ["id"] = S("1") });

        var described = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _home.DescribeTableAsync(name));
        var read = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _home.GetItemAsync(name, new() { ["id"] = S("1") }));
        var written = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _home.PutItemAsync(name, new() { ["id"] = S("2") }));

        Assert.Equal($"Requested resource not found: Table: {name} not found", described.Message);
        Assert.Equal("Requested resource not found", read.Message);
        Assert.Equal("Requested resource not found", written.Message);
        Assert.Equal($"arn:aws:dynamodb:{OtherRegion}:000000000000:table/{name}", (await _away.DescribeTableAsync(name)).Table.TableArn);
        Assert.Equal(1, (await _away.ScanAsync(new ScanRequest { TableName = name })).Count);
    }

    [Fact]
    public async Task The_same_name_in_two_regions_is_two_tables_with_their_own_schema_items_and_lifetime()
    {
        var name = await CreateSimpleAsync(_home, "twin");
        await _away.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await _home.PutItemAsync(name, new() { ["id"] = S("home") });
        await _away.PutItemAsync(name, new() { ["pk"] = N("1"), ["v"] = S("away") });

        var home = (await _home.DescribeTableAsync(name)).Table;
        var away = (await _away.DescribeTableAsync(name)).Table;
        Assert.Equal("id", Assert.Single(home.KeySchema).AttributeName);
        Assert.Equal("pk", Assert.Single(away.KeySchema).AttributeName);
        Assert.NotEqual(home.TableId, away.TableId);
        Assert.Equal("home", Assert.Single((await _home.ScanAsync(new ScanRequest { TableName = name })).Items)["id"].S);
        Assert.Equal("away", Assert.Single((await _away.ScanAsync(new ScanRequest { TableName = name })).Items)["v"].S);

        await _away.DeleteTableAsync(name);

        Assert.Equal(1, (await _home.ScanAsync(new ScanRequest { TableName = name })).Count);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _away.DescribeTableAsync(name));
        await _away.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        Assert.Equal(0, (await _away.ScanAsync(new ScanRequest { TableName = name })).Count);
    }

    [Fact]
    public async Task ListTables_lists_the_callers_region_only()
    {
        using var lone = fixture.CreateDynamoDbClient("ap-southeast-2");
        var name = await CreateSimpleAsync(lone, "listed");

        Assert.Equal([name], (await lone.ListTablesAsync()).TableNames);
        Assert.DoesNotContain(name, (await _home.ListTablesAsync()).TableNames);
    }

    [Fact]
    public async Task A_transaction_sees_only_the_callers_region()
    {
        var homeTable = await CreateSimpleAsync(_home, "tx-home");
        var awayTable = await CreateSimpleAsync(_away, "tx-away");

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _home.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = homeTable, Item = new() { ["id"] = S("1") } } },
                new TransactWriteItem { Put = new Put { TableName = awayTable, Item = new() { ["id"] = S("1") } } },
            ],
        }));

        Assert.Equal("Requested resource not found", error.Message);
        Assert.Equal(0, (await _home.ScanAsync(new ScanRequest { TableName = homeTable })).Count);
    }

    [Fact]
    public async Task A_ClientRequestToken_belongs_to_its_region()
    {
        var name = await CreateSimpleAsync(_home, "token");
        await CreateSimpleTableAsync(_away, name);
        var token = Guid.NewGuid().ToString();
        TransactWriteItemsRequest PutOf(string id) => new()
        {
            ClientRequestToken = token,
            TransactItems = [new TransactWriteItem { Put = new Put { TableName = name, Item = new() { ["id"] = S(id) } } }],
        };

        await _home.TransactWriteItemsAsync(PutOf("home"));
        await _away.TransactWriteItemsAsync(PutOf("away"));
        var reused = await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => _home.TransactWriteItemsAsync(PutOf("again")));

        Assert.Equal("away", Assert.Single((await _away.ScanAsync(new ScanRequest { TableName = name })).Items)["id"].S);
        Assert.Equal("home", Assert.Single((await _home.ScanAsync(new ScanRequest { TableName = name })).Items)["id"].S);
        Assert.NotNull(reused.Message);
    }

    [Fact]
    public async Task Tagging_takes_a_table_ARN_of_the_callers_account_and_region()
    {
        var name = await CreateSimpleAsync(_away, "tagged");
        var arn = (await _away.DescribeTableAsync(name)).Table.TableArn;
        var otherRegionArn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{name}";
        var otherAccountArn = $"arn:aws:dynamodb:{OtherRegion}:123456789012:table/{name}";

        await _away.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "k", Value = "v" }] });
        var fromHome = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _home.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn }));
        var wrongRegion = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _away.TagResourceAsync(new TagResourceRequest { ResourceArn = otherRegionArn, Tags = [new Tag { Key = "k", Value = "w" }] }));
        var wrongAccount = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _away.UntagResourceAsync(new UntagResourceRequest { ResourceArn = otherAccountArn, TagKeys = ["k"] }));

        Assert.Equal(("ValidationException", HttpStatusCode.BadRequest), (fromHome.ErrorCode, fromHome.StatusCode));
        Assert.Equal("Invalid TableArn: Invalid ResourceArn provided as input " + arn, fromHome.Message);
        Assert.Equal("Invalid TableArn: Invalid ResourceArn provided as input " + otherRegionArn, wrongRegion.Message);
        Assert.Equal("AccessDeniedException", wrongAccount.ErrorCode);
        Assert.Equal($"User: arn:aws:iam::000000000000:user/localaws is not authorized to perform: dynamodb:UntagResource on resource: {otherAccountArn}", wrongAccount.Message);
        var tags = await _away.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn });
        Assert.Equal(("k", "v"), (Assert.Single(tags.Tags).Key, tags.Tags[0].Value));
    }

    [Fact]
    public async Task The_UI_lists_both_regions_tables_and_opens_each_one()
    {
        using var http = fixture.CreateHttpClient();
        var name = await CreateSimpleAsync(_home, "ui-twin");
        var awayOnly = await CreateSimpleAsync(_away, "away-only");
        await CreateSimpleTableAsync(_away, name);
        await _home.PutItemAsync(name, new() { ["id"] = S("item-in-home-region") });
        await _away.PutItemAsync(name, new() { ["id"] = S("item-in-other-region") });

        var index = await http.GetStringAsync("/_localaws/dynamodb");
        var home = await http.GetStringAsync($"/_localaws/dynamodb/us-east-1/{name}");
        var away = await http.GetStringAsync($"/_localaws/dynamodb/{OtherRegion}/{name}");
        var byDefault = await http.GetStringAsync($"/_localaws/dynamodb/{name}");
        var nowhere = await http.GetAsync($"/_localaws/dynamodb/sa-east-1/{name}");
        var onlyOne = await http.GetAsync($"/_localaws/dynamodb/{awayOnly}");

        Assert.Contains($"href=\"/_localaws/dynamodb/us-east-1/{name}\"", index, StringComparison.Ordinal);
        Assert.Contains($"href=\"/_localaws/dynamodb/{OtherRegion}/{name}\"", index, StringComparison.Ordinal);
        Assert.Contains("item-in-home-region", home, StringComparison.Ordinal);
        Assert.DoesNotContain("item-in-other-region", home, StringComparison.Ordinal);
        Assert.Contains("item-in-other-region", away, StringComparison.Ordinal);
        Assert.Contains("item-in-home-region", byDefault, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onlyOne.StatusCode);
    }
}
