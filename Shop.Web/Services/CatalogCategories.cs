namespace Shop.Web.Services;

/// <summary>
/// The catalog's categories, read from the products themselves (the API has no category list), once per app start.
/// </summary>
public sealed class CatalogCategories(ShopApiClient api)
{
    private const int PageSize = 50;
    private const int MaxPages = 20;
    private Task<IReadOnlyList<string>>? _loading;

    public Task<IReadOnlyList<string>> GetAsync() => _loading ??= LoadAsync();

    private async Task<IReadOnlyList<string>> LoadAsync()
    {
        try
        {
            var categories = new SortedSet<string>(StringComparer.Ordinal);
            string? cursor = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var result = await api.GetProductsAsync(limit: PageSize, cursor: cursor);
                foreach (var product in result.Items) categories.Add(product.ProductType);
                cursor = result.NextCursor;
                if (cursor is null) break;
            }
            return [.. categories];
        }
        catch
        {
            _loading = null;
            throw;
        }
    }
}
