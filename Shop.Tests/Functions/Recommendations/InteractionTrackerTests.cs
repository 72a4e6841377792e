using Shop.Functions;
using Shop.Functions.Recommendations;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Recommendations;

public class InteractionTrackerTests
{
    private readonly InMemoryInteractionStore _interactions = new();
    private readonly InMemoryCatalogStore _catalog = new(TestProducts.Make("e-1", "Electronics"));

    private InteractionTracker Tracker => new(_interactions, _catalog, new ManualTime());

    [Fact]
    public async Task A_view_counts_for_the_products_category()
    {
        await Tracker.TrackAsync("u", new TrackedEvent("e-1", "product-view", "Electronics"), default);
        await Tracker.TrackAsync("u", new TrackedEvent("e-1", "product-view", null), default);

        var counter = Assert.Single(await _interactions.GetCategoryViewsAsync("u", default));
        Assert.Equal(("Electronics", 2L), (counter.ProductType, counter.Views));
    }

    [Theory]
    [InlineData("e-1", "click", "Electronics", "invalid_event_type")]
    [InlineData("e-1", null, "Electronics", "invalid_event_type")]
    [InlineData(null, "product-view", "Electronics", "invalid_product_id")]
    [InlineData("e-404", "product-view", "Electronics", "unknown_product")]
    [InlineData("e-1", "product-view", "Books", "invalid_product_type")]
    public async Task Invalid_events_are_refused_and_count_nothing(string? productId, string? eventType, string? productType, string code)
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => Tracker.TrackAsync("u", new TrackedEvent(productId, eventType, productType), default));

        Assert.Equal((ShopErrorKind.Invalid, code), (error.Kind, error.Code));
        Assert.Empty(await _interactions.GetCategoryViewsAsync("u", default));
    }
}
