using Amazon.DynamoDBv2.Model;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbPersistenceTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "localaws-ddb-" + Guid.NewGuid().ToString("N"));

    private sealed class PersistentFixture(string dataDirectory, long journalCompactionBytes) : LocalAwsFixture
    {
        protected override void Configure(LocalAwsOptions options)
        {
            options.DataDirectory = dataDirectory;
            options.JournalCompactionBytes = journalCompactionBytes;
        }
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

    [Fact]
    public async Task A_journal_that_outgrows_the_tables_is_compacted_while_running_and_loses_nothing()
    {
        const long compactionBytes = 16 * 1024;
        string name;
        await using (var first = await StartAsync(compactionBytes))
        {
            using var client = first.Fixture.CreateDynamoDbClient();
            name = await CreateSimpleAsync(client, "compacted");
            await client.PutItemAsync(name, new() { ["id"] = S("other"), ["v"] = S("kept") });
            // Each update journals the whole item (about 300 bytes): 400 of them are several times the threshold.
            var tasks = Enumerable.Range(0, 4).Select(async _ =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await client.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = name,
                        Key = new() { ["id"] = S("counter") },
                        UpdateExpression = "ADD n :one SET payload = :payload",
                        ExpressionAttributeValues = new() { [":one"] = N("1"), [":payload"] = S(new string('x', 250)) },
                    });
                }
            });
            await Task.WhenAll(tasks);
            var journal = new FileInfo(Path.Combine(_dataDirectory, "dynamodb.journal")).Length;
            Assert.InRange(journal, 1, 2 * compactionBytes + 1024);
        }

        await using var second = await StartAsync();
        using var restarted = second.Fixture.CreateDynamoDbClient();
        var counter = await restarted.GetItemAsync(name, new() { ["id"] = S("counter") });
        Assert.Equal("400", counter.Item["n"].N);
        var other = await restarted.GetItemAsync(name, new() { ["id"] = S("other") });
        Assert.Equal("kept", other.Item["v"].S);
    }

    [Fact]
    public async Task Tables_of_the_same_name_in_two_regions_stay_apart_across_a_restart()
    {
        string name;
        await using (var first = await StartAsync())
        {
            using var home = first.Fixture.CreateDynamoDbClient();
            using var away = first.Fixture.CreateDynamoDbClient("eu-west-1");
            name = await CreateSimpleAsync(home, "regions");
            await CreateSimpleTableAsync(away, name);
            await home.PutItemAsync(name, new() { ["id"] = S("home") });
            await away.PutItemAsync(name, new() { ["id"] = S("away") });
            await away.PutItemAsync(name, new() { ["id"] = S("gone") });
            await away.DeleteItemAsync(name, new() { ["id"] = S("gone") });
            var dropped = await CreateSimpleAsync(away, "dropped");
            await CreateSimpleTableAsync(home, dropped);
            await away.DeleteTableAsync(dropped);
        }

        await using var second = await StartAsync();
        using var restartedHome = second.Fixture.CreateDynamoDbClient();
        using var restartedAway = second.Fixture.CreateDynamoDbClient("eu-west-1");
        Assert.Equal("home", Assert.Single((await restartedHome.ScanAsync(new ScanRequest { TableName = name })).Items)["id"].S);
        Assert.Equal("away", Assert.Single((await restartedAway.ScanAsync(new ScanRequest { TableName = name })).Items)["id"].S);
        Assert.Equal("arn:aws:dynamodb:eu-west-1:000000000000:table/" + name, (await restartedAway.DescribeTableAsync(name)).Table.TableArn);
        Assert.Equal([name], (await restartedAway.ListTablesAsync()).TableNames);
        Assert.Equal(2, (await restartedHome.ListTablesAsync()).TableNames.Count);
    }

    [Fact]
    public async Task A_journal_written_before_tables_had_regions_still_loads()
    {
        string name;
        await using (var first = await StartAsync())
        {
            using var client = first.Fixture.CreateDynamoDbClient();
            name = await CreateSimpleAsync(client, "old-journal");
            await client.PutItemAsync(name, new() { ["id"] = S("kept") });
            await client.PutItemAsync(name, new() { ["id"] = S("deleted") });
            await client.DeleteItemAsync(name, new() { ["id"] = S("deleted") });
            var dropped = await CreateSimpleAsync(client, "old-dropped");
            await client.DeleteTableAsync(dropped);
        }
        // Before tables were kept per region, write and drop records named the table only; its definition record
        // carried the ARN in LocalAws's default region, as it still does.
        var path = Path.Combine(_dataDirectory, "dynamodb.journal");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Contains(lines, line => line.Contains("\"op\":\"drop\"", StringComparison.Ordinal));
        Assert.All(lines.Where(line => !line.Contains("\"op\":\"table\"", StringComparison.Ordinal)),
            line => Assert.Contains("\"region\":\"us-east-1\",", line, StringComparison.Ordinal));
        await File.WriteAllLinesAsync(path, lines.Select(line => line.Replace("\"region\":\"us-east-1\",", "", StringComparison.Ordinal)));

        await using var second = await StartAsync();
        using var restarted = second.Fixture.CreateDynamoDbClient();
        Assert.Equal("kept", Assert.Single((await restarted.ScanAsync(new ScanRequest { TableName = name })).Items)["id"].S);
        Assert.Equal([name], (await restarted.ListTablesAsync()).TableNames);
    }

    private async Task<Started> StartAsync(long journalCompactionBytes = LocalAwsOptions.DefaultJournalCompactionBytes)
    {
        var fixture = new PersistentFixture(_dataDirectory, journalCompactionBytes);
        await fixture.InitializeAsync();
        return new Started(fixture);
    }

    private sealed record Started(LocalAwsFixture Fixture) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
