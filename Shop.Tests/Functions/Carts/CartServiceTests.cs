using Shop.Functions;
using Shop.Functions.Carts;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Carts;

public class CartServiceTests
{
    private readonly InMemoryCartStore _carts = new();
    private readonly InMemoryCatalogStore _catalog = new(
        TestProducts.Make("p-1", price: 19.99m, stock: 5),
        TestProducts.Make("p-2", price: 0.10m, stock: 200),
        TestProducts.Make("p-empty", stock: 0));

    private CartService Service => new(_carts, _catalog);

    [Fact]
    public async Task Line_totals_and_subtotal_are_exact_decimal_arithmetic()
    {
        await Service.AddAsync("u", "p-1", 3, default);
        var cart = await Service.AddAsync("u", "p-2", 3, default);

        Assert.Equal(59.97m, cart.Items.Single(i => i.ProductId == "p-1").LineTotal);
        Assert.Equal(0.30m, cart.Items.Single(i => i.ProductId == "p-2").LineTotal);
        Assert.Equal(60.27m, cart.Subtotal);
        Assert.Equal(6, cart.ItemCount);
    }

    [Fact]
    public async Task Adding_the_same_product_twice_adds_the_quantities()
    {
        await Service.AddAsync("u", "p-1", 1, default);
        var cart = await Service.AddAsync("u", "p-1", 2, default);

        Assert.Equal(3, Assert.Single(cart.Items).Quantity);
    }

    [Fact]
    public async Task Concurrent_adds_all_count()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Service.AddAsync("u", "p-2", 1, default)));

        var cart = await Service.GetAsync("u", default);
        Assert.Equal(20, Assert.Single(cart.Items).Quantity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100)]
    [InlineData(null)]
    public async Task A_quantity_outside_1_to_99_is_invalid_and_writes_nothing(int? quantity)
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => Service.AddAsync("u", "p-2", quantity, default));

        Assert.Equal((ShopErrorKind.Invalid, "invalid_quantity"), (error.Kind, error.Code));
        Assert.Equal(0, _carts.LineCount);
    }

    [Fact]
    public async Task An_unknown_product_is_invalid()
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => Service.AddAsync("u", "p-nope", 1, default));

        Assert.Equal((ShopErrorKind.Invalid, "unknown_product"), (error.Kind, error.Code));
    }

    [Fact]
    public async Task A_missing_product_id_is_invalid()
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => Service.AddAsync("u", " ", 1, default));

        Assert.Equal("invalid_product_id", error.Code);
    }

    [Fact]
    public async Task More_than_the_stock_in_one_line_is_a_conflict_and_keeps_the_line_as_it_was()
    {
        await Service.AddAsync("u", "p-1", 4, default);

        var error = await Assert.ThrowsAsync<ShopException>(() => Service.AddAsync("u", "p-1", 2, default));

        Assert.Equal((ShopErrorKind.Conflict, "insufficient_stock"), (error.Kind, error.Code));
        Assert.Equal(4, Assert.Single((await Service.GetAsync("u", default)).Items).Quantity);
    }

    [Fact]
    public async Task An_out_of_stock_product_cannot_be_added()
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => Service.AddAsync("u", "p-empty", 1, default));

        Assert.Equal(ShopErrorKind.Conflict, error.Kind);
        Assert.Equal(0, _carts.LineCount);
    }

    [Fact]
    public async Task Removing_a_line_leaves_the_others()
    {
        await Service.AddAsync("u", "p-1", 1, default);
        await Service.AddAsync("u", "p-2", 1, default);

        var cart = await Service.RemoveAsync("u", "p-1", default);

        Assert.Equal("p-2", Assert.Single(cart.Items).ProductId);
        Assert.Equal(0.10m, cart.Subtotal);
    }

    [Fact]
    public async Task Carts_of_different_users_are_separate()
    {
        await Service.AddAsync("alice", "p-1", 1, default);

        Assert.Empty((await Service.GetAsync("bob", default)).Items);
    }

    [Fact]
    public void Lines_whose_product_left_the_catalog_are_not_priced()
    {
        var cart = CartPricing.Price([new CartLine("gone", 2), new CartLine("p-1", 1)],
            new Dictionary<string, Shop.Functions.Catalog.Product> { ["p-1"] = TestProducts.Make("p-1", price: 5m) });

        Assert.Equal("p-1", Assert.Single(cart.Items).ProductId);
        Assert.Equal(5m, cart.Subtotal);
    }
}
