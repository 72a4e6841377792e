using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.DataModel;
using Amazon.DynamoDBv2.DocumentModel;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// The AWS SDK for .NET's own higher-level APIs, unchanged, against LocalAws: the object persistence model
/// (DynamoDBContext) and the Document Model (Table). Both still send the legacy parameters (KeyConditions,
/// QueryFilter, ScanFilter, Expected, AttributeUpdates) for much of what they do.
/// </summary>
public sealed class DynamoDbHighLevelSdkTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();

    [DynamoDBTable("Notes")]
    public sealed class Note
    {
        [DynamoDBHashKey]
        public string Owner { get; set; } = "";

        [DynamoDBRangeKey]
        public string Id { get; set; } = "";

        public string? Text { get; set; }

        public int Stars { get; set; }

        public List<string> Tags { get; set; } = [];

        [DynamoDBVersion]
        public int? Version { get; set; }
    }

    private async Task<string> CreateNotesTableAsync(string name)
    {
        await _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("Owner", ScalarAttributeType.S), new AttributeDefinition("Id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("Owner", KeyType.HASH), new KeySchemaElement("Id", KeyType.RANGE)],
        });
        return name;
    }

    [Fact]
    public async Task DynamoDBContext_saves_loads_queries_scans_and_checks_versions()
    {
        // The context finds [DynamoDBTable("Notes")] as PREFIX + "Notes".
        var prefix = LocalAwsFixture.UniqueName("ctx") + "-";
        await CreateNotesTableAsync(prefix + "Notes");
        using var context = new DynamoDBContextBuilder()
            .WithDynamoDBClient(() => _client)
            .ConfigureContext(config => config.TableNamePrefix = prefix)
            .Build();

        await context.SaveAsync(new Note { Owner = "ana", Id = "1", Text = "milk", Stars = 3, Tags = ["home"] });
        await context.SaveAsync(new Note { Owner = "ana", Id = "2", Text = "bread", Stars = 5 });
        await context.SaveAsync(new Note { Owner = "ana", Id = "3", Text = "eggs", Stars = 1 });
        await context.SaveAsync(new Note { Owner = "ben", Id = "1", Text = "tea", Stars = 4 });

        var loaded = await context.LoadAsync<Note>("ana", "1");
        Assert.Equal("milk", loaded.Text);
        Assert.Equal(["home"], loaded.Tags);
        Assert.Equal(0, loaded.Version);

        // Versioning: a save checks the version it loaded, then counts it up; a stale copy is refused.
        loaded.Text = "oat milk";
        await context.SaveAsync(loaded);
        Assert.Equal(1, (await context.LoadAsync<Note>("ana", "1")).Version);
        var stale = new Note { Owner = "ana", Id = "1", Text = "stale", Version = 0 };
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => context.SaveAsync(stale));
        Assert.Equal("oat milk", (await context.LoadAsync<Note>("ana", "1")).Text);

        // Query by partition (KeyConditions), by sort-key range, and backwards.
        var all = await context.QueryAsync<Note>("ana").GetRemainingAsync();
        Assert.Equal(["1", "2", "3"], all.Select(n => n.Id));
        var after = await context.QueryAsync<Note>("ana", QueryOperator.GreaterThan, ["1"]).GetRemainingAsync();
        Assert.Equal(["2", "3"], after.Select(n => n.Id));
        var between = await context.QueryAsync<Note>("ana", QueryOperator.Between, ["2", "3"]).GetRemainingAsync();
        Assert.Equal(["2", "3"], between.Select(n => n.Id));
        var backwards = await context.QueryAsync<Note>("ana", new QueryConfig { BackwardQuery = true }).GetRemainingAsync();
        Assert.Equal(["3", "2", "1"], backwards.Select(n => n.Id));

        // Scan with conditions (ScanFilter), joined with AND.
        var starred = await context.ScanAsync<Note>([new ScanCondition("Stars", ScanOperator.GreaterThanOrEqual, 4)]).GetRemainingAsync();
        Assert.Equal(["ana/2", "ben/1"], starred.Select(n => $"{n.Owner}/{n.Id}").Order());
        var both = await context.ScanAsync<Note>([new ScanCondition("Stars", ScanOperator.GreaterThan, 2), new ScanCondition("Text", ScanOperator.BeginsWith, "b")]).GetRemainingAsync();
        Assert.Equal("bread", Assert.Single(both).Text);
        var tagged = await context.ScanAsync<Note>([new ScanCondition("Tags", ScanOperator.Contains, "home")]).GetRemainingAsync();
        Assert.Equal("oat milk", Assert.Single(tagged).Text);

        // Delete, with the version it holds, and batches.
        await context.DeleteAsync(await context.LoadAsync<Note>("ana", "3"));
        Assert.Null(await context.LoadAsync<Note>("ana", "3"));
        var batch = context.CreateBatchGet<Note>();
        batch.AddKey("ana", "1");
        batch.AddKey("ben", "1");
        await batch.ExecuteAsync();
        Assert.Equal(["oat milk", "tea"], batch.Results.Select(n => n.Text!).Order());
    }

    [Fact]
    public async Task Document_model_filters_updates_and_expected_values_work()
    {
        var name = await CreateNotesTableAsync(LocalAwsFixture.UniqueName("notes"));
        var table = new TableBuilder(_client, name)
            .AddHashKey("Owner", DynamoDBEntryType.String)
            .AddRangeKey("Id", DynamoDBEntryType.String)
            .Build();

        await table.PutItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "1", ["Text"] = "milk", ["Stars"] = 3 });
        await table.PutItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "2", ["Text"] = "bread", ["Stars"] = 5 });

        // PutItem only where nothing is yet (Expected Exists false).
        var absent = new ExpectedState();
        absent.ExpectedValues["Owner"] = new ExpectedValue(false);
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() =>
            table.PutItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "1", ["Text"] = "overwritten" }, new PutItemOperationConfig { ExpectedState = absent }));
        await table.PutItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "9", ["Text"] = "new" }, new PutItemOperationConfig { ExpectedState = absent });

        // UpdateItem sends AttributeUpdates; an ExpectedState guards it.
        var isMilk = new ExpectedState();
        isMilk.ExpectedValues["Text"] = new ExpectedValue(ScanOperator.Equal, "milk");
        var updated = await table.UpdateItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "1", ["Text"] = "oat milk", ["Stars"] = 4 },
            new UpdateItemOperationConfig { ExpectedState = isMilk, ReturnValues = ReturnValues.UpdatedOldAttributes });
        Assert.Equal("milk", updated["Text"].AsString());
        Assert.Equal(3, updated["Stars"].AsInt());
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() =>
            table.UpdateItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "1", ["Text"] = "again" }, new UpdateItemOperationConfig { ExpectedState = isMilk }));
        // An attribute set to null is removed (Action DELETE).
        var removed = await table.UpdateItemAsync(new Document { ["Owner"] = "ana", ["Id"] = "1", ["Stars"] = null },
            new UpdateItemOperationConfig { ReturnValues = ReturnValues.AllNewAttributes });
        Assert.False(removed.ContainsKey("Stars"), string.Join(",", removed.Keys));
        Assert.Equal("oat milk", removed["Text"].AsString());

        // Query with a QueryFilter beside the key conditions, and Scan with a ScanFilter.
        var filter = new QueryFilter("Owner", QueryOperator.Equal, "ana");
        filter.AddCondition("Text", ScanOperator.Contains, "e");
        var matching = await table.Query(filter).GetRemainingAsync();
        Assert.Equal(["bread", "new"], matching.Select(d => d["Text"].AsString()).Order());
        var scan = new ScanFilter();
        scan.AddCondition("Stars", ScanOperator.GreaterThan, 4);
        Assert.Equal("bread", Assert.Single(await table.Scan(scan).GetRemainingAsync())["Text"].AsString());
        var missing = new ScanFilter();
        missing.AddCondition("Stars", ScanOperator.IsNull);
        Assert.Equal(["1", "9"], (await table.Scan(missing).GetRemainingAsync()).Select(d => d["Id"].AsString()).Order());
    }
}
