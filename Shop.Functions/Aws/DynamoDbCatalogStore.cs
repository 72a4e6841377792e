using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Functions.Catalog;
using static Shop.Functions.Aws.DynamoDbValues;

namespace Shop.Functions.Aws;

/// <summary>
/// The Products table (key productId) and its ByProductType index (productType, productId). Functions that only read
/// products by id have no index name in their environment and pass null.
/// </summary>
public sealed class DynamoDbCatalogStore(IAmazonDynamoDB dynamoDb, string tableName, string? byProductTypeIndex) : ICatalogStore
{
    /// <summary>BatchGetItem's limit of keys per request.</summary>
    private const int BatchGetLimit = 100;

    public async Task<Product?> GetAsync(string productId, CancellationToken cancellationToken)
    {
        if (!IdText.CouldBeId(productId))
        {
            return null; // DynamoDB would refuse the key as too large
        }
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new() { ["productId"] = S(productId) },
        }, cancellationToken);
        return Exists(response.Item) ? ToProduct(response.Item) : null;
    }

    public async Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in productIds.Distinct(StringComparer.Ordinal).Chunk(BatchGetLimit))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [tableName] = new() { Keys = chunk.Select(id => new Dictionary<string, AttributeValue> { ["productId"] = S(id) }).ToList() },
            };
            // UnprocessedKeys come back under throttling; a few more rounds settle them, a persistent one is an error.
            for (var round = 0; pending.Count > 0; round++)
            {
                if (round == 5)
                {
                    throw new InvalidOperationException("BatchGetItem kept leaving keys unprocessed.");
                }
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken);
                if (response.Responses is not null && response.Responses.TryGetValue(tableName, out var items))
                {
                    foreach (var item in items)
                    {
                        var product = ToProduct(item);
                        found[product.ProductId] = product;
                    }
                }
                pending = response.UnprocessedKeys ?? [];
            }
        }
        return found;
    }

    public async Task<ProductPage> ListAsync(string? productType, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var startKey = cursor is null ? null : DecodeCursor(cursor, productType);
        List<Dictionary<string, AttributeValue>> items;
        Dictionary<string, AttributeValue>? lastKey;
        if (productType is null)
        {
            var response = await dynamoDb.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                Limit = limit,
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            (items, lastKey) = (response.Items ?? [], response.LastEvaluatedKey);
        }
        else
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                IndexName = byProductTypeIndex ?? throw new InvalidOperationException("This function has no PRODUCTS_BY_TYPE_INDEX to query by category."),
                KeyConditionExpression = "productType = :type",
                ExpressionAttributeValues = new() { [":type"] = S(productType) },
                Limit = limit,
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            (items, lastKey) = (response.Items ?? [], response.LastEvaluatedKey);
        }
        return new ProductPage(items.Select(ToProduct).ToList(), Exists(lastKey) ? EncodeCursor(lastKey!) : null);
    }

    public async Task<IReadOnlyList<Product>> ListAllAsync(CancellationToken cancellationToken)
    {
        var products = new List<Product>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await dynamoDb.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = startKey }, cancellationToken);
            products.AddRange((response.Items ?? []).Select(ToProduct));
            startKey = Exists(response.LastEvaluatedKey) ? response.LastEvaluatedKey : null;
        }
        while (startKey is not null);
        return products;
    }

    public async Task<bool> AddIfAbsentAsync(Product product, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(product),
                ConditionExpression = "attribute_not_exists(productId)",
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    internal static Dictionary<string, AttributeValue> ToItem(Product product) => new()
    {
        ["productId"] = S(product.ProductId),
        ["name"] = S(product.Name),
        ["description"] = S(product.Description),
        ["price"] = N(product.Price),
        ["currency"] = S(product.Currency),
        ["productType"] = S(product.ProductType),
        ["imageUrl"] = S(product.ImageUrl),
        ["stock"] = N(product.Stock),
    };

    internal static Product ToProduct(Dictionary<string, AttributeValue> item) => new()
    {
        ProductId = item.String("productId"),
        Name = item.String("name"),
        Description = item.OptionalString("description") ?? "",
        Price = item.Decimal("price"),
        Currency = item.OptionalString("currency") ?? "USD",
        ProductType = item.String("productType"),
        ImageUrl = item.OptionalString("imageUrl") ?? "",
        Stock = item.Int("stock"),
    };

    // The cursor is the LastEvaluatedKey (string attributes only) as base64url JSON. It is checked on the way back
    // in: only the key attributes of this table/index, and a category cursor only for its own category.
    private static string EncodeCursor(Dictionary<string, AttributeValue> lastKey)
    {
        var values = lastKey.ToDictionary(pair => pair.Key, pair => pair.Value.S ?? "");
        var json = JsonSerializer.SerializeToUtf8Bytes(values, ShopJsonContext.Default.DictionaryStringString);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static Dictionary<string, AttributeValue> DecodeCursor(string cursor, string? productType)
    {
        Dictionary<string, string>? values = null;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            values = JsonSerializer.Deserialize(Convert.FromBase64String(base64), ShopJsonContext.Default.DictionaryStringString);
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
        }
        var expected = productType is null ? new[] { "productId" } : ["productId", "productType"];
        if (values is null
            || values.Count != expected.Length
            || !expected.All(name => values.TryGetValue(name, out var v) && v.Length > 0)
            || (productType is not null && values["productType"] != productType))
        {
            throw new ShopException(ShopErrorKind.Malformed, "invalid_cursor", "cursor is not one this API returned for this query.");
        }
        return values.ToDictionary(pair => pair.Key, pair => S(pair.Value));
    }
}
