using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>A second, independent client: the AWS SDK for JavaScript v3 drives LocalAws too, so nothing is tuned to the .NET SDK.</summary>
public sealed class DynamoDbJavaScriptSdkTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private const string Script = """
        import { DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
        const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "AKIDJS", secretAccessKey: "js" }, maxAttempts: 1 });
        const TableName = process.env.TABLE;
        await client.send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }] }));
        for (let i = 0; i < 3; i++) {
          await client.send(new PutItemCommand({ TableName, Item: { pk: { S: "js" }, sk: { N: String(i) }, tags: { SS: ["a", "b"] } } }));
        }
        await client.send(new UpdateItemCommand({ TableName, Key: { pk: { S: "js" }, sk: { N: "0" } }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": { N: "1.50" } } }));
        const got = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: "js" }, sk: { N: "0" } }, ConsistentRead: true }));
        const page = await client.send(new QueryCommand({ TableName, KeyConditionExpression: "pk = :p AND sk > :s", ExpressionAttributeValues: { ":p": { S: "js" }, ":s": { N: "0" } }, Limit: 1 }));
        let cancelled = null;
        try {
          await client.send(new TransactWriteItemsCommand({ TransactItems: [
            { Put: { TableName, Item: { pk: { S: "js" }, sk: { N: "9" } } } },
            { ConditionCheck: { TableName, Key: { pk: { S: "js" }, sk: { N: "1" } }, ConditionExpression: "attribute_not_exists(pk)" } } ] }));
        } catch (e) { cancelled = { name: e.name, codes: e.CancellationReasons.map(r => r.Code) }; }
        console.log(JSON.stringify({ n: got.Item.n.N, tags: got.Item.tags.SS.sort(), count: page.Count, last: page.LastEvaluatedKey.sk.N, cancelled }));
        """;

    [Fact]
    public async Task The_JavaScript_SDK_creates_writes_reads_queries_and_sees_a_cancelled_transaction()
    {
        await NodeOracle.EnsureInstalledAsync();
        var scriptPath = Path.Combine(NodeOracle.OraclesDirectory, $".dynamodb-js-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(scriptPath, Script);
        try
        {
            var output = await NodeOracle.RunScriptAsync(scriptPath, new Dictionary<string, string>
            {
                ["ENDPOINT"] = fixture.BaseUrl.ToString(),
                ["TABLE"] = LocalAwsFixture.UniqueName("js"),
            });

            Assert.Equal("""{"n":"1.5","tags":["a","b"],"count":1,"last":"1","cancelled":{"name":"TransactionCanceledException","codes":["None","ConditionalCheckFailed"]}}""", output.Trim());
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }
}
