namespace Shop.Web.Services;

/// <summary>
/// The catalog's categories, read from the products themselves (the API has no category list), once per app start.
/// </summary>
public sealed class CatalogCategories
{
    private readonly ShopApiClient _api;
    private readonly SharedLoad<IReadOnlyList<string>> _categories;

    public CatalogCategories(ShopApiClient api)
    {
        _api = api;
        _categories = new SharedLoad<IReadOnlyList<string>>(LoadAsync);
    }

    private const int PageSize = 50;
    private const int MaxPages = 20;

    public Task<IReadOnlyList<string>> GetAsync() => _categories.GetAsync();

    private async Task<IReadOnlyList<string>> LoadAsync()
    {
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await _api.GetProductsAsync(limit: PageSize, cursor: cursor);
            foreach (var product in result.Items) categories.Add(product.ProductType);
            cursor = result.NextCursor;
            if (cursor is null) break;
        }
        return [.. categories];
    }
}
