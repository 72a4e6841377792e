using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>Table shapes the DynamoDB tests share; each call creates a uniquely named table.</summary>
internal static class DynamoDbTestTables
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(string value) => new() { N = value };

    /// <summary>A table keyed by pk (S) and sk (S), with a GSI on gsi_pk/gsi_sk (KEYS_ONLY... or ALL) and an LSI on lsi_sk (N).</summary>
    public static async Task<string> CreateCompositeAsync(IAmazonDynamoDB client, string prefix = "ddb", string gsiProjection = "ALL")
    {
        var name = LocalAwsFixture.UniqueName(prefix);
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("pk", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
                new AttributeDefinition("gsi_pk", ScalarAttributeType.S),
                new AttributeDefinition("gsi_sk", ScalarAttributeType.N),
                new AttributeDefinition("lsi_sk", ScalarAttributeType.N),
            ],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = "by-gsi",
                    KeySchema = [new KeySchemaElement("gsi_pk", KeyType.HASH), new KeySchemaElement("gsi_sk", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = gsiProjection },
                },
            ],
            LocalSecondaryIndexes =
            [
                new LocalSecondaryIndex
                {
                    IndexName = "by-lsi",
                    KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("lsi_sk", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
        });
        return name;
    }

    /// <summary>A table keyed by id (S) only.</summary>
    public static async Task<string> CreateSimpleAsync(IAmazonDynamoDB client, string prefix = "ddb")
    {
        var name = LocalAwsFixture.UniqueName(prefix);
        await CreateSimpleTableAsync(client, name);
        return name;
    }

    /// <summary>A table of this name keyed by a string <c>id</c>, as <see cref="CreateSimpleAsync"/> makes.</summary>
    public static Task CreateSimpleTableAsync(IAmazonDynamoDB client, string name) =>
        client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        });
}
