using Shop.Functions;
using Shop.Functions.Catalog;

namespace Shop.Tests.Functions.Fakes;

/// <summary>A catalog in a dictionary, with the DynamoDB store's ordering (productId within a category) and paging.</summary>
public sealed class InMemoryCatalogStore : ICatalogStore
{
    private readonly Dictionary<string, Product> _products = new(StringComparer.Ordinal);

    public InMemoryCatalogStore(params Product[] products)
    {
        foreach (var product in products)
        {
            _products[product.ProductId] = product;
        }
    }

    public int ListAllCalls { get; private set; }

    public Task<Product?> GetAsync(string productId, CancellationToken cancellationToken) =>
        Task.FromResult(_products.GetValueOrDefault(productId));

    public Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, Product>>(productIds.Where(_products.ContainsKey).Distinct().ToDictionary(id => id, id => _products[id]));

    public Task<ProductPage> ListAsync(string? productType, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var ordered = _products.Values
            .Where(p => productType is null || p.ProductType == productType)
            .OrderBy(p => p.ProductId, StringComparer.Ordinal)
            .ToList();
        var start = 0;
        if (cursor is not null)
        {
            var index = ordered.FindIndex(p => p.ProductId == cursor);
            start = index >= 0 ? index + 1 : throw new ShopException(ShopErrorKind.Malformed, "invalid_cursor", "bad cursor");
        }
        var page = ordered.Skip(start).Take(limit).ToList();
        var next = start + page.Count < ordered.Count ? page[^1].ProductId : null;
        return Task.FromResult(new ProductPage(page, next));
    }

    public Task<IReadOnlyList<Product>> ListAllAsync(CancellationToken cancellationToken)
    {
        ListAllCalls++;
        return Task.FromResult<IReadOnlyList<Product>>(_products.Values.ToList());
    }

    public Task<bool> AddIfAbsentAsync(Product product, CancellationToken cancellationToken) =>
        Task.FromResult(_products.TryAdd(product.ProductId, product));
}
