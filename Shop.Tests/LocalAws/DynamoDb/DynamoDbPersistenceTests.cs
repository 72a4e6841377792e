using Amazon.DynamoDBv2.Model;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbPersistenceTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "localaws-ddb-" + Guid.NewGuid().ToString("N"));

    private sealed class PersistentFixture(string dataDirectory) : LocalAwsFixture
    {
        protected override void Configure(LocalAwsOptions options) => options.DataDirectory = dataDirectory;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Acknowledged_tables_items_and_indexes_survive_a_restart()
    {
        string name;
        await using (var first = await StartAsync())
        {
            using var client = first.Fixture.CreateDynamoDbClient();
            name = await CreateCompositeAsync(client, "persist");
            await client.PutItemAsync(name, new() { ["pk"] = S("p"), ["sk"] = S("1"), ["gsi_pk"] = S("g"), ["gsi_sk"] = N("1"), ["v"] = S("kept") });
            await client.PutItemAsync(name, new() { ["pk"] = S("p"), ["sk"] = S("2"), ["v"] = S("deleted") });
            await client.DeleteItemAsync(name, new() { ["pk"] = S("p"), ["sk"] = S("2") });
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name,
                Key = new() { ["pk"] = S("p"), ["sk"] = S("1") },
                UpdateExpression = "SET n = :n",
                ExpressionAttributeValues = new() { [":n"] = N("7") },
            });
            await client.TagResourceAsync(new TagResourceRequest { ResourceArn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{name}", Tags = [new Tag { Key = "k", Value = "v" }] });
            var dropped = await CreateSimpleAsync(client, "dropped");
            await client.DeleteTableAsync(dropped);
        }

        await using var second = await StartAsync();
        using var restarted = second.Fixture.CreateDynamoDbClient();
        var items = (await restarted.ScanAsync(new ScanRequest { TableName = name })).Items;
        var item = Assert.Single(items);
        Assert.Equal("kept", item["v"].S);
        Assert.Equal("7", item["n"].N);
        var byIndex = await restarted.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-gsi",
            KeyConditionExpression = "gsi_pk = :g",
            ExpressionAttributeValues = new() { [":g"] = S("g") },
        });
        Assert.Equal(1, byIndex.Count);
        var tags = await restarted.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{name}" });
        Assert.Equal("v", Assert.Single(tags.Tags).Value);
        Assert.Equal([name], (await restarted.ListTablesAsync()).TableNames);
    }

    private async Task<Started> StartAsync()
    {
        var fixture = new PersistentFixture(_dataDirectory);
        await fixture.InitializeAsync();
        return new Started(fixture);
    }

    private sealed record Started(LocalAwsFixture Fixture) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
