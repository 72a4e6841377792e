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
        IdText.CouldBeId(productId) // a longer id is no line's, and DynamoDB would refuse it as a sort key
            ? dynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = tableName, Key = Key(userId, productId) }, cancellationToken)
            : Task.CompletedTask;

    /// <summary>How often a take starts again when adds keep changing the line between its two conditional writes.</summary>
    private const int TakeAttempts = 5;

    public async Task TakeOrderedAsync(string userId, string productId, int quantity, string orderId, CancellationToken cancellationToken)
    {
        // Each order that took units is named on the line (the string set takenBy), and both writes are conditional on
        // its absence, so a redelivered message takes nothing twice. A line that goes takes its names with it; a
        // redelivery then finds no line, or one the shopper added afresh, which has not been ordered.
        // The delete comes first because it is the usual case (nothing added since): an order's trace then shows one
        // successful call per line, not a refused one (a client span for a 400 is an error on the dashboard).
        var values = new Dictionary<string, AttributeValue>
        {
            [":quantity"] = N(quantity),
            [":order"] = S(orderId),
        };
        for (var attempt = 1; attempt <= TakeAttempts; attempt++)
        {
            try
            {
                await dynamoDb.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = tableName,
                    Key = Key(userId, productId),
                    ConditionExpression = "quantity <= :quantity AND NOT contains(takenBy, :order)",
                    ExpressionAttributeValues = values,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                }, cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException failed)
            {
                var line = failed.Item;
                if (line is null || line.Count == 0 || (line.TryGetValue("takenBy", out var takenBy) && takenBy.SS?.Contains(orderId) == true))
                {
                    return; // no line, or this order took its units already
                }
                // More than the order's quantity: units were added since the order was placed.
            }
            try
            {
                await dynamoDb.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = Key(userId, productId),
                    UpdateExpression = "SET quantity = quantity - :quantity, updatedAt = :now ADD takenBy :orders",
                    ConditionExpression = "quantity > :quantity AND NOT contains(takenBy, :order)",
                    ExpressionAttributeValues = new(values)
                    {
                        [":now"] = Time(time.GetUtcNow()),
                        [":orders"] = new AttributeValue { SS = [orderId] },
                    },
                }, cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException)
            {
                // The line changed between the two writes (removed, or lowered by the shopper): look again.
            }
        }
        throw new InvalidOperationException($"The cart line {productId} kept changing; order {orderId} will take its units on the next delivery.");
    }

    private static Dictionary<string, AttributeValue> Key(string userId, string productId) => new()
    {
        ["userId"] = S(userId),
        ["productId"] = S(productId),
    };
}
