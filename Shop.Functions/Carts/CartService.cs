using Shop.Functions.Catalog;

namespace Shop.Functions.Carts;

/// <summary>Reading and changing a user's cart.</summary>
public sealed class CartService(ICartStore carts, ICatalogStore catalog)
{
    /// <summary>No line holds more than this, whatever the stock.</summary>
    public const int MaxLineQuantity = 99;

    public async Task<CartView> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var lines = await carts.GetLinesAsync(userId, cancellationToken);
        var products = lines.Count == 0
            ? new Dictionary<string, Product>()
            : await catalog.GetManyAsync(lines.Select(l => l.ProductId).ToList(), cancellationToken);
        return CartPricing.Price(lines, products);
    }

    public async Task<CartView> AddAsync(string userId, string? productId, int? quantity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(productId))
        {
            throw ShopException.Invalid("invalid_product_id", "productId is required.");
        }
        if (quantity is null or < 1 or > MaxLineQuantity)
        {
            throw ShopException.Invalid("invalid_quantity", $"quantity must be a whole number from 1 to {MaxLineQuantity}.");
        }
        var product = await catalog.GetAsync(productId, cancellationToken)
            ?? throw ShopException.Invalid("unknown_product", $"Product '{productId}' is not in the catalog.");
        var maxLine = Math.Min(product.Stock, MaxLineQuantity);
        if (!await carts.TryAddAsync(userId, productId, quantity.Value, maxLine, cancellationToken))
        {
            throw new ShopException(ShopErrorKind.Conflict, "insufficient_stock",
                $"Only {maxLine} of '{product.Name}' can be in one cart.");
        }
        return await GetAsync(userId, cancellationToken);
    }

    public async Task<CartView> RemoveAsync(string userId, string productId, CancellationToken cancellationToken)
    {
        await carts.RemoveLineAsync(userId, productId, cancellationToken);
        return await GetAsync(userId, cancellationToken);
    }
}
