using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>ClientRequestToken idempotency lasts 10 minutes, measured on a clock the test controls.</summary>
public sealed class DynamoDbIdempotencyWindowTests
{
    [Fact]
    public async Task A_token_is_forgotten_after_ten_minutes()
    {
        var clock = new ManualClock();
        await using var app = LocalAwsApp.Build([], options => options.Port = 0, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await app.StartAsync();
        using var client = new AmazonDynamoDBClient(LocalAwsFixture.Credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = app.GetBaseAddress().ToString(),
            AuthenticationRegion = LocalAwsFixture.Region,
            MaxErrorRetry = 0,
        });
        var name = await CreateSimpleAsync(client, "token");
        TransactWriteItemsRequest Add(string by) => new()
        {
            ClientRequestToken = "same-token",
            TransactItems = [new TransactWriteItem { Update = new Update { TableName = name, Key = new() { ["id"] = S("c") }, UpdateExpression = "ADD n :by", ExpressionAttributeValues = new() { [":by"] = N(by) } } }],
        };

        await client.TransactWriteItemsAsync(Add("1"));
        clock.Advance(TimeSpan.FromMinutes(9));
        await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => client.TransactWriteItemsAsync(Add("5")));
        clock.Advance(TimeSpan.FromMinutes(2));
        await client.TransactWriteItemsAsync(Add("5"));

        Assert.Equal("6", (await client.GetItemAsync(name, new() { ["id"] = S("c") })).Item["n"].N);
        await app.StopAsync();
    }
}
