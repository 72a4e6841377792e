namespace Shop.Functions.Catalog;

/// <summary>Reading the public catalog: validation of the query and paging.</summary>
public sealed class CatalogService(ICatalogStore store)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<ProductPage> ListAsync(string? category, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null)
        {
            if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize))
            {
                throw new ShopException(ShopErrorKind.Malformed, "invalid_limit", "limit must be a whole number.");
            }
            if (pageSize is < 1 or > MaxPageSize)
            {
                throw ShopException.Invalid("invalid_limit", $"limit must be between 1 and {MaxPageSize}.");
            }
        }
        if (category is not null && string.IsNullOrWhiteSpace(category))
        {
            throw ShopException.Invalid("invalid_category", "category must not be empty.");
        }
        return await store.ListAsync(category, pageSize, string.IsNullOrEmpty(cursor) ? null : cursor, cancellationToken);
    }

    public async Task<Product> GetAsync(string productId, CancellationToken cancellationToken) =>
        await store.GetAsync(productId, cancellationToken) ?? throw ShopException.NotFound($"Product '{productId}'");
}
