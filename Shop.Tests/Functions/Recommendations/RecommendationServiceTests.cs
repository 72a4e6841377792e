using Shop.Functions.Recommendations;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Recommendations;

public class RecommendationServiceTests
{
    private readonly InMemoryInteractionStore _interactions = new();
    private readonly InMemoryCartStore _carts = new();
    private readonly ManualTime _time = new();
    private readonly InMemoryCatalogStore _catalog = new(
        TestProducts.Make("e-1", "Electronics", stock: 5),
        TestProducts.Make("e-2", "Electronics", stock: 50),
        TestProducts.Make("e-3", "Electronics", stock: 0),
        TestProducts.Make("e-4", "Electronics", stock: 7),
        TestProducts.Make("e-5", "Electronics", stock: 7),
        TestProducts.Make("e-6", "Electronics", stock: 7),
        TestProducts.Make("b-1", "Books", stock: 100),
        TestProducts.Make("b-2", "Books", stock: 3),
        TestProducts.Make("a-1", "Apparel", stock: 70));

    private RecommendationService Service => new(_interactions, _catalog, _carts);

    private async Task ViewAsync(string type, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _interactions.RecordViewAsync("u", type, "x", _time.GetUtcNow(), default);
        }
    }

    [Fact]
    public async Task The_most_viewed_category_is_recommended()
    {
        await ViewAsync("Electronics", 5);
        await ViewAsync("Books", 2);
        await ViewAsync("Apparel", 1);

        var recommendation = await Service.RecommendAsync("u", default);

        Assert.Equal("Electronics", recommendation.BasedOn);
        Assert.Equal(["e-1", "e-2", "e-4", "e-5"], recommendation.Items.Select(p => p.ProductId));
    }

    [Fact]
    public async Task Out_of_stock_products_are_not_recommended()
    {
        await ViewAsync("Electronics", 1);

        var recommendation = await Service.RecommendAsync("u", default);

        Assert.DoesNotContain(recommendation.Items, p => p.ProductId == "e-3");
    }

    [Fact]
    public async Task Products_already_in_the_cart_come_last()
    {
        await ViewAsync("Books", 1);
        await _carts.TryAddAsync("u", "b-1", 1, 99, default);

        var recommendation = await Service.RecommendAsync("u", default);

        Assert.Equal(["b-2", "b-1"], recommendation.Items.Select(p => p.ProductId));
    }

    [Fact]
    public async Task A_tie_goes_to_the_category_viewed_most_recently()
    {
        await ViewAsync("Books", 2);
        await ViewAsync("Apparel", 2);

        Assert.Equal("Apparel", (await Service.RecommendAsync("u", default)).BasedOn);
    }

    [Fact]
    public void A_tie_at_the_same_instant_goes_to_the_first_name_in_ordinal_order()
    {
        var at = DateTimeOffset.UnixEpoch;

        Assert.Equal("Books", RecommendationService.TopCategory([new("Toys", 3, at), new("Books", 3, at), new("Home", 1, at)]));
        Assert.Equal("Books", RecommendationService.TopCategory([new("Books", 3, at), new("Toys", 3, at)]));
    }

    [Fact]
    public async Task A_user_without_views_gets_the_best_stocked_products_based_on_nothing()
    {
        var recommendation = await Service.RecommendAsync("u", default);

        Assert.Null(recommendation.BasedOn);
        Assert.Equal(["b-1", "a-1", "e-2", "e-4"], recommendation.Items.Select(p => p.ProductId));
    }

    [Fact]
    public async Task Another_users_views_do_not_count()
    {
        await _interactions.RecordViewAsync("someone-else", "Books", "b-1", _time.GetUtcNow(), default);

        Assert.Null((await Service.RecommendAsync("u", default)).BasedOn);
    }
}
