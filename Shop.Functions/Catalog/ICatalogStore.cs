namespace Shop.Functions.Catalog;

/// <summary>Where products are kept.</summary>
public interface ICatalogStore
{
    Task<Product?> GetAsync(string productId, CancellationToken cancellationToken);

    /// <summary>The products of those ids that exist, by id.</summary>
    Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the catalog, or of one category (in productId order) when <paramref name="productType"/> is given.
    /// A cursor this store did not issue is refused with a <see cref="ShopErrorKind.Malformed"/> error.
    /// </summary>
    Task<ProductPage> ListAsync(string? productType, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Every product; the catalog is small, and only the no-history recommendation fallback reads it whole.</summary>
    Task<IReadOnlyList<Product>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds the product unless one with its id exists (so seeding twice keeps stock changes); true when added.</summary>
    Task<bool> AddIfAbsentAsync(Product product, CancellationToken cancellationToken);
}
