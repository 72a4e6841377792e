using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// Time to live: UpdateTimeToLive and DescribeTimeToLive answer as DynamoDB was observed to answer in 2026 (settled at
/// once, the attribute forgotten when disabled, no-op changes refused), and expired items are deleted by a sweep
/// on a clock the test controls.
/// </summary>
public sealed class DynamoDbTimeToLiveTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "localaws-ttl-" + Guid.NewGuid().ToString("N"));
    private SweepingLocalAws _localAws = null!;
    private AmazonDynamoDBClient _client = null!;

    private sealed class SweepingLocalAws(ManualClock clock, string dataDirectory) : LocalAwsFixture
    {
        protected override void Configure(LocalAwsOptions options)
        {
            options.DynamoDbTimeToLiveSweepSeconds = 0.05;
            options.DataDirectory = dataDirectory;
        }

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);
    }

    public async Task InitializeAsync()
    {
        _localAws = new SweepingLocalAws(_clock, _dataDirectory);
        await _localAws.InitializeAsync();
        _client = _localAws.CreateDynamoDbClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _localAws.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Task<UpdateTimeToLiveResponse> SetAsync(string table, bool enabled, string attribute) =>
        _client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table,
            TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = enabled, AttributeName = attribute },
        });

    private async Task<TimeToLiveDescription> DescribeAsync(string table) =>
        (await _client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table })).TimeToLiveDescription;

    [Fact]
    public async Task Time_to_live_is_enabled_described_and_disabled_with_DynamoDBs_answers()
    {
        var table = await CreateSimpleAsync(_client, "ttl");
        Assert.Equal("DISABLED", (await DescribeAsync(table)).TimeToLiveStatus);
        Assert.Null((await DescribeAsync(table)).AttributeName);

        var enabled = await SetAsync(table, true, "expiresAt");
        Assert.Equal("expiresAt", enabled.TimeToLiveSpecification.AttributeName);
        Assert.True(enabled.TimeToLiveSpecification.Enabled);
        var described = await DescribeAsync(table);
        Assert.Equal("ENABLED", described.TimeToLiveStatus);
        Assert.Equal("expiresAt", described.AttributeName);

        async Task<string> RefusedAsync(bool enable, string attribute) =>
            (await Assert.ThrowsAsync<AmazonDynamoDBException>(() => SetAsync(table, enable, attribute))).Message;
        Assert.Equal("TimeToLive is already enabled", await RefusedAsync(true, "expiresAt"));
        Assert.Equal("TimeToLive is active on a different AttributeName: current AttributeName is expiresAt", await RefusedAsync(true, "other"));
        Assert.Equal("TimeToLive is active on a different AttributeName: current AttributeName is expiresAt", await RefusedAsync(false, "other"));

        var disabled = await SetAsync(table, false, "expiresAt");
        Assert.False(disabled.TimeToLiveSpecification.Enabled);
        Assert.Equal("DISABLED", (await DescribeAsync(table)).TimeToLiveStatus);
        Assert.Null((await DescribeAsync(table)).AttributeName);
        Assert.Equal("TimeToLive is already disabled", await RefusedAsync(false, "expiresAt"));

        // The key attribute may be the TTL attribute (DynamoDB accepts it).
        await SetAsync(table, true, "id");
        Assert.Equal("id", (await DescribeAsync(table)).AttributeName);
    }

    [Fact]
    public async Task A_malformed_specification_or_a_missing_table_is_refused()
    {
        var table = await CreateSimpleAsync(_client, "ttl");
        using var http = _localAws.CreateHttpClient();
        var wire = new DynamoDbWire(http);

        var noAttribute = await wire.SendAsync("UpdateTimeToLive", $$$"""{"TableName":"{{{table}}}","TimeToLiveSpecification":{"Enabled":true}}""");
        Assert.Equal("1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null", noAttribute.Message);
        var noEnabled = await wire.SendAsync("UpdateTimeToLive", $$$"""{"TableName":"{{{table}}}","TimeToLiveSpecification":{"AttributeName":"a"}}""");
        Assert.Equal("1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null", noEnabled.Message);
        var tooLong = await wire.SendAsync("UpdateTimeToLive", $$$"""{"TableName":"{{{table}}}","TimeToLiveSpecification":{"AttributeName":"{{{new string('a', 256)}}}","Enabled":true}}""");
        Assert.Contains("Member must have length less than or equal to 255", tooLong.Message, StringComparison.Ordinal);
        var noSpecification = await wire.SendAsync("UpdateTimeToLive", $$"""{"TableName":"{{table}}"}""");
        Assert.Equal("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null", noSpecification.Message);
        Assert.Equal("DISABLED", (await DescribeAsync(table)).TimeToLiveStatus);

        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() => SetAsync("no-such-table", true, "a"));
        Assert.Equal("Requested resource not found: Table: no-such-table not found", missing.Message);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => DescribeAsync("no-such-table"));
    }

    [Fact]
    public async Task Expired_items_are_deleted_from_the_table_and_its_indexes_and_others_are_kept()
    {
        var table = await CreateCompositeAsync(_client, "ttl");
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        async Task PutAsync(string sk, AttributeValue? expiresAt)
        {
            var item = new Dictionary<string, AttributeValue> { ["pk"] = S("p"), ["sk"] = S(sk), ["gsi_pk"] = S("g"), ["gsi_sk"] = N("1") };
            if (expiresAt is not null)
            {
                item["expiresAt"] = expiresAt;
            }
            await _client.PutItemAsync(table, item);
        }
        await PutAsync("past", N((now - 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await PutAsync("future", N((now + 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await PutAsync("six-years-ago", N((now - (6L * 366 * 24 * 3600)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await PutAsync("text", S((now - 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await PutAsync("none", null);

        // Nothing expires before time to live is on.
        await Task.Delay(300);
        Assert.Equal(5, (await _client.ScanAsync(new ScanRequest { TableName = table })).Count);

        await SetAsync(table, true, "expiresAt");
        await WaitForCountAsync(table, 4);
        string[] Keys(List<Dictionary<string, AttributeValue>> items) => [.. items.Select(i => i["sk"].S).Order()];
        Assert.Equal(["future", "none", "six-years-ago", "text"], Keys((await _client.ScanAsync(new ScanRequest { TableName = table })).Items));
        var byIndex = await _client.QueryAsync(new QueryRequest { TableName = table, IndexName = "by-gsi", KeyConditionExpression = "gsi_pk = :g", ExpressionAttributeValues = new() { [":g"] = S("g") } });
        Assert.Equal(["future", "none", "six-years-ago", "text"], Keys(byIndex.Items));

        _clock.Advance(TimeSpan.FromSeconds(200));
        await WaitForCountAsync(table, 3);

        // Off again: nothing more expires, and the deletions were journaled like any write.
        await SetAsync(table, false, "expiresAt");
        await PutAsync("late", N((now - 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await Task.Delay(300);
        Assert.Equal(4, (await _client.ScanAsync(new ScanRequest { TableName = table })).Count);
        await SetAsync(table, true, "expiresAt");
        await WaitForCountAsync(table, 3);

        await RestartAsync();
        Assert.Equal(["none", "six-years-ago", "text"], Keys((await _client.ScanAsync(new ScanRequest { TableName = table })).Items));
        Assert.Equal("expiresAt", (await DescribeAsync(table)).AttributeName);
    }

    [Fact]
    public async Task The_setting_survives_a_restart_and_a_table_update()
    {
        var table = await CreateSimpleAsync(_client, "ttl");
        await SetAsync(table, true, "expiresAt");
        await _client.UpdateTableAsync(new UpdateTableRequest { TableName = table, BillingMode = BillingMode.PROVISIONED, ProvisionedThroughput = new ProvisionedThroughput(5, 5) });

        await RestartAsync();

        Assert.Equal("expiresAt", (await DescribeAsync(table)).AttributeName);
        await SetAsync(table, false, "expiresAt");
        await _client.DeleteTableAsync(table);
        await CreateSimpleTableAsync(_client, table);
        Assert.Equal("DISABLED", (await DescribeAsync(table)).TimeToLiveStatus);
    }

    private async Task RestartAsync()
    {
        _client.Dispose();
        await _localAws.DisposeAsync();
        _localAws = new SweepingLocalAws(_clock, _dataDirectory);
        await _localAws.InitializeAsync();
        _client = _localAws.CreateDynamoDbClient();
    }

    private async Task WaitForCountAsync(string table, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        int seen;
        while ((seen = (await _client.ScanAsync(new ScanRequest { TableName = table, Select = Select.COUNT })).Count ?? 0) != count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(count, seen);
    }
}
