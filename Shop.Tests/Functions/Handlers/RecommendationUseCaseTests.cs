namespace Shop.Tests.Functions.Handlers;

/// <summary>Use case 2 of the seed: product views → the top category's products.</summary>
public sealed class RecommendationUseCaseTests(ShopStackFixture shop) : IClassFixture<ShopStackFixture>
{

    private async Task ViewAsync(string token, string userId, string productId, string productType)
    {
        // The seed's payload, as written.
        var tracked = await shop.SendAsync("POST", "/api/events", new { userId, productId, eventType = "product-view", productType }, token);
        Assert.Equal(202, tracked.Status);
    }

    [Fact]
    public async Task Views_in_several_categories_recommend_the_most_viewed_ones_products()
    {
        var (userId, token) = await shop.CreateSessionAsync();
        foreach (var id in new[] { "prod-101", "prod-102", "prod-103", "prod-101", "prod-104" })
        {
            await ViewAsync(token, userId, id, "Electronics");
        }
        await ViewAsync(token, userId, "prod-201", "Books");
        await ViewAsync(token, userId, "prod-202", "Books");
        await ViewAsync(token, userId, "prod-301", "Apparel");
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101", quantity = 1 }, token);

        var recommendations = await shop.SendAsync("GET", "/api/recommendations?userId=" + userId, token: token);

        Assert.Equal(200, recommendations.Status);
        Assert.Equal("Electronics", (string)recommendations.Body!["basedOn"]!);
        var items = recommendations.Body["items"]!.AsArray();
        Assert.Equal(4, items.Count);
        Assert.All(items, p => Assert.Equal("Electronics", (string)p!["productType"]!));
        // prod-101 is in the cart, so it is not among the first products offered.
        Assert.Equal(["prod-102", "prod-103", "prod-104", "prod-105"], items.Select(p => (string)p!["productId"]!));
    }

    [Fact]
    public async Task A_user_without_views_gets_the_best_stocked_products_and_basedOn_null()
    {
        var (_, token) = await shop.CreateSessionAsync();

        var recommendations = await shop.SendAsync("GET", "/api/recommendations", token: token);

        Assert.Equal(200, recommendations.Status);
        Assert.True(recommendations.Body!.AsObject().ContainsKey("basedOn"));
        Assert.Null(recommendations.Body["basedOn"]);
        var stocks = recommendations.Body["items"]!.AsArray().Select(p => (int)p!["stock"]!).ToList();
        Assert.Equal(4, stocks.Count);
        Assert.Equal(stocks.OrderDescending(), stocks);
        Assert.Equal(90, stocks[0]);
    }

    [Fact]
    public async Task Recommendations_follow_a_change_of_interest()
    {
        var (userId, token) = await shop.CreateSessionAsync();
        await ViewAsync(token, userId, "prod-601", "Toys");
        Assert.Equal("Toys", (string)(await shop.SendAsync("GET", "/api/recommendations", token: token)).Body!["basedOn"]!);

        await ViewAsync(token, userId, "prod-501", "Sports");
        await ViewAsync(token, userId, "prod-502", "Sports");

        Assert.Equal("Sports", (string)(await shop.SendAsync("GET", "/api/recommendations", token: token)).Body!["basedOn"]!);
    }
}
