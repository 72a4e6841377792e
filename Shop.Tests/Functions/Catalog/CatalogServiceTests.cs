using Shop.Functions;
using Shop.Functions.Catalog;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Catalog;

public class CatalogServiceTests
{
    private readonly CatalogService _service = new(new InMemoryCatalogStore(
        TestProducts.Make("p-1", "Books"), TestProducts.Make("p-2", "Books"), TestProducts.Make("p-3", "Toys")));

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("-1")]
    public async Task A_limit_that_is_not_a_whole_number_is_malformed(string limit)
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => _service.ListAsync(null, limit, null, default));

        Assert.Equal((ShopErrorKind.Malformed, "invalid_limit"), (error.Kind, error.Code));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task A_limit_out_of_range_is_invalid(string limit)
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => _service.ListAsync(null, limit, null, default));

        Assert.Equal(ShopErrorKind.Invalid, error.Kind);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_end()
    {
        var first = await _service.ListAsync("Books", "1", null, default);
        var second = await _service.ListAsync("Books", "1", first.NextCursor, default);

        Assert.Equal("p-1", Assert.Single(first.Items).ProductId);
        Assert.Equal("p-2", Assert.Single(second.Items).ProductId);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task An_unknown_product_is_not_found()
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => _service.GetAsync("nope", default));

        Assert.Equal(ShopErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public void The_embedded_seed_has_at_least_40_products_in_at_least_5_categories_with_exact_prices()
    {
        var products = CatalogSeed.Products;

        Assert.True(products.Count >= 40);
        Assert.True(products.Select(p => p.ProductType).Distinct().Count() >= 5);
        Assert.Equal(products.Count, products.Select(p => p.ProductId).Distinct().Count());
        Assert.All(products, p => Assert.True(p.Price > 0 && decimal.Round(p.Price, 2) == p.Price));
        Assert.Equal(79.99m, products.Single(p => p.ProductId == "prod-101").Price);
    }

    [Fact]
    public async Task Seeding_twice_adds_nothing_the_second_time()
    {
        var store = new InMemoryCatalogStore();
        var seeder = new CatalogSeeder(store);

        var first = await seeder.SeedAsync(default);
        var second = await seeder.SeedAsync(default);

        Assert.Equal(CatalogSeed.Products.Count, first.Added);
        Assert.Equal((0, CatalogSeed.Products.Count), (second.Added, second.AlreadyPresent));
    }
}
