using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbUiTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task The_UI_lists_tables_and_shows_their_items_encoded()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var http = fixture.CreateHttpClient();
        var name = await CreateCompositeAsync(client, "ui");
        await client.PutItemAsync(name, new() { ["pk"] = S("<script>alert(1)</script>"), ["sk"] = S("1") });
        await client.UpdateTimeToLiveAsync(new() { TableName = name, TimeToLiveSpecification = new() { AttributeName = "expiresAt", Enabled = true } });

        var index = await http.GetStringAsync("/_localaws/dynamodb");
        var items = await http.GetStringAsync($"/_localaws/dynamodb/{name}");
        var missing = await http.GetAsync("/_localaws/dynamodb/no-such-table");

        Assert.Contains(name, index, StringComparison.Ordinal);
        Assert.Contains("by-gsi (GSI", index, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", items, StringComparison.Ordinal);
        Assert.Contains("time to live: expiresAt", items, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", items, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
