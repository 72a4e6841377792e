using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Functions.Recommendations;
using static Shop.Functions.Aws.DynamoDbValues;

namespace Shop.Functions.Aws;

/// <summary>
/// The UserInteractions table (userId, interactionKey). Each category a user viewed is one item,
/// <c>category#&lt;productType&gt;</c>, whose <c>views</c> counter grows by an atomic ADD.
/// </summary>
public sealed class DynamoDbInteractionStore(IAmazonDynamoDB dynamoDb, string tableName) : IInteractionStore
{
    private const string CategoryPrefix = "category#";

    public Task RecordViewAsync(string userId, string productType, string productId, DateTimeOffset at, CancellationToken cancellationToken) =>
        dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = new()
            {
                ["userId"] = S(userId),
                ["interactionKey"] = S(CategoryPrefix + productType),
            },
            UpdateExpression = "ADD #views :one SET productType = :type, lastViewedAt = :at, lastProductId = :product",
            ExpressionAttributeNames = new() { ["#views"] = "views" },
            ExpressionAttributeValues = new()
            {
                [":one"] = N(1),
                [":type"] = S(productType),
                [":at"] = Time(at),
                [":product"] = S(productId),
            },
        }, cancellationToken);

    public async Task<IReadOnlyList<CategoryViews>> GetCategoryViewsAsync(string userId, CancellationToken cancellationToken)
    {
        var counters = new List<CategoryViews>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "userId = :user AND begins_with(interactionKey, :prefix)",
                ExpressionAttributeValues = new() { [":user"] = S(userId), [":prefix"] = S(CategoryPrefix) },
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            counters.AddRange((response.Items ?? []).Select(item =>
                new CategoryViews(item.String("productType"), item.Long("views"), item.Time("lastViewedAt"))));
            startKey = Exists(response.LastEvaluatedKey) ? response.LastEvaluatedKey : null;
        }
        while (startKey is not null);
        return counters;
    }
}
