using Shop.Functions.Catalog;

namespace Shop.Functions.Recommendations;

/// <summary>What trackEvent receives (the seed's payload).</summary>
public sealed record TrackedEvent(string? ProductId, string? EventType, string? ProductType);

/// <summary>Records product views (trackEvent). The category counted is the catalog's, not whatever the client says.</summary>
public sealed class InteractionTracker(IInteractionStore interactions, ICatalogStore catalog, TimeProvider time)
{
    public const string ProductView = "product-view";

    public async Task TrackAsync(string userId, TrackedEvent tracked, CancellationToken cancellationToken)
    {
        if (tracked.EventType != ProductView)
        {
            throw ShopException.Invalid("invalid_event_type", $"eventType must be \"{ProductView}\".");
        }
        if (string.IsNullOrWhiteSpace(tracked.ProductId))
        {
            throw ShopException.Invalid("invalid_product_id", "productId is required.");
        }
        var product = await catalog.GetAsync(tracked.ProductId, cancellationToken)
            ?? throw ShopException.Invalid("unknown_product", $"Product '{tracked.ProductId}' is not in the catalog.");
        if (tracked.ProductType is not null && tracked.ProductType != product.ProductType)
        {
            throw ShopException.Invalid("invalid_product_type",
                $"Product '{product.ProductId}' is of type '{product.ProductType}', not '{tracked.ProductType}'.");
        }
        await interactions.RecordViewAsync(userId, product.ProductType, product.ProductId, time.GetUtcNow(), cancellationToken);
    }
}
