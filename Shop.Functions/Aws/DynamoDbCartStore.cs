using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Functions.Carts;
using static Shop.Functions.Aws.DynamoDbValues;

namespace Shop.Functions.Aws;

/// <summary>The Carts table: one item per line (userId, productId) with a quantity, so an add is one atomic ADD.</summary>
public sealed class DynamoDbCartStore(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time) : ICartStore
{
    public async Task<IReadOnlyList<CartLine>> GetLinesAsync(string userId, CancellationToken cancellationToken)
    {
        var lines = new List<CartLine>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "userId = :user",
                ExpressionAttributeValues = new() { [":user"] = S(userId) },
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            lines.AddRange((response.Items ?? []).Select(item => new CartLine(item.String("productId"), item.Int("quantity"))));
            startKey = Exists(response.LastEvaluatedKey) ? response.LastEvaluatedKey : null;
        }
        while (startKey is not null);
        return lines;
    }

    public async Task<bool> TryAddAsync(string userId, string productId, int quantity, int maxLineQuantity, CancellationToken cancellationToken)
    {
        var highestBefore = maxLineQuantity - quantity;
        if (highestBefore < 0)
        {
            return false;
        }
        try
        {
            // ADD creates the line at `quantity` or adds to it; the condition caps the result without a read.
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(userId, productId),
                UpdateExpression = "ADD quantity :quantity SET updatedAt = :now",
                ConditionExpression = "attribute_not_exists(quantity) OR quantity <= :highestBefore",
                ExpressionAttributeValues = new()
                {
                    [":quantity"] = N(quantity),
                    [":highestBefore"] = N(highestBefore),
                    [":now"] = Time(time.GetUtcNow()),
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public Task RemoveLineAsync(string userId, string productId, CancellationToken cancellationToken) =>
        dynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = tableName, Key = Key(userId, productId) }, cancellationToken);

    private static Dictionary<string, AttributeValue> Key(string userId, string productId) => new()
    {
        ["userId"] = S(userId),
        ["productId"] = S(productId),
    };
}
