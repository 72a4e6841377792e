using Shop.Functions;
using Shop.Functions.Orders;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Orders;

public class OrderPlacementTests
{
    private readonly InMemoryCartStore _carts = new();
    private readonly InMemoryCatalogStore _catalog = new(
        TestProducts.Make("p-1", price: 79.99m), TestProducts.Make("p-2", price: 5.05m));
    private readonly InMemoryOrderStore _orders = new();
    private readonly RecordingOrderQueue _queue = new();
    private readonly ManualTime _time = new();

    private OrderPlacement Placement => new(_carts, _catalog, _orders, _queue, _time);

    private static PlaceOrder ValidRequest => new("customer@email.com",
        new ShippingInput("Ada Lovelace", "1 Analytical Way", "London", "N1 9GU", "GB"));

    [Fact]
    public async Task An_order_is_written_pending_from_the_server_side_cart_and_queued()
    {
        await _carts.TryAddAsync("u", "p-1", 2, 99, default);
        await _carts.TryAddAsync("u", "p-2", 3, 99, default);

        var order = await Placement.PlaceAsync("u", ValidRequest, null, default);

        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(175.13m, order.Total);
        Assert.Equal(["p-1", "p-2"], order.Items.Select(i => i.ProductId));
        Assert.Equal(_time.GetUtcNow(), order.CreatedAt);
        Assert.Equal("GB", order.Shipping.Country);
        Assert.Equal(order, await _orders.GetAsync(order.OrderId, default));
        Assert.Equal(new OrderMessage(order.OrderId, "customer@email.com"), Assert.Single(_queue.Published));
    }

    [Fact]
    public async Task An_empty_cart_is_a_conflict_and_nothing_is_written_or_queued()
    {
        var error = await Assert.ThrowsAsync<ShopException>(() => Placement.PlaceAsync("u", ValidRequest, null, default));

        Assert.Equal((ShopErrorKind.Conflict, "cart_empty"), (error.Kind, error.Code));
        Assert.Equal(0, _orders.Count);
        Assert.Empty(_queue.Published);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@at@signs.com")]
    public async Task An_invalid_email_is_refused_before_anything_is_written(string? email)
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);

        var error = await Assert.ThrowsAsync<ShopException>(() => Placement.PlaceAsync("u", ValidRequest with { Email = email }, null, default));

        Assert.Equal((ShopErrorKind.Invalid, "invalid_email"), (error.Kind, error.Code));
        Assert.Equal(0, _orders.Count);
        Assert.Empty(_queue.Published);
    }

    [Fact]
    public async Task A_missing_shipping_field_is_invalid()
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);

        var error = await Assert.ThrowsAsync<ShopException>(() => Placement.PlaceAsync("u",
            ValidRequest with { Shipping = new ShippingInput("Ada", "1 Way", "", "N1", "GB") }, null, default));

        Assert.Equal("invalid_shipping", error.Code);
        Assert.Contains("city", error.Message);
    }

    [Fact]
    public async Task An_order_that_cannot_be_queued_is_not_left_behind_and_a_retry_places_it()
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);
        _queue.FailuresToInject = 1;

        await Assert.ThrowsAsync<IOException>(() => Placement.PlaceAsync("u", ValidRequest, "key-1", default));
        Assert.Equal(0, _orders.Count);

        var order = await Placement.PlaceAsync("u", ValidRequest, "key-1", default);
        Assert.Equal(order.OrderId, Assert.Single(_queue.Published).OrderId);
        Assert.Equal(1, _orders.Count);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_order()
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);

        var first = await Placement.PlaceAsync("u", ValidRequest, "key-1", default);
        await _carts.TryAddAsync("u", "p-2", 1, 99, default);
        var retry = await Placement.PlaceAsync("u", ValidRequest, "key-1", default);

        Assert.Equal(first.OrderId, retry.OrderId);
        Assert.Equal(1, _orders.Count);
        Assert.Equal(79.99m, retry.Total);
        Assert.All(_queue.Published, m => Assert.Equal(first.OrderId, m.OrderId));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_make_one_order()
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);

        var orders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Placement.PlaceAsync("u", ValidRequest, "key-1", default))));

        Assert.Single(orders.Select(o => o.OrderId).Distinct());
        Assert.Equal(1, _orders.Count);
    }

    [Fact]
    public async Task The_same_key_from_two_users_makes_two_orders()
    {
        await _carts.TryAddAsync("alice", "p-1", 1, 99, default);
        await _carts.TryAddAsync("bob", "p-1", 1, 99, default);

        var alice = await Placement.PlaceAsync("alice", ValidRequest, "key-1", default);
        var bob = await Placement.PlaceAsync("bob", ValidRequest, "key-1", default);

        Assert.NotEqual(alice.OrderId, bob.OrderId);
    }

    [Fact]
    public async Task A_retry_of_a_processed_order_is_not_queued_again()
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);
        var order = await Placement.PlaceAsync("u", ValidRequest, "key-1", default);
        Assert.True(await _orders.TryLeaseAsync(order.OrderId, "l", _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(1), default));
        await _orders.CompleteAsync(order.OrderId, "l", _time.GetUtcNow(), default);

        await Placement.PlaceAsync("u", ValidRequest, "key-1", default);

        Assert.Single(_queue.Published);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task An_unprintable_idempotency_key_is_malformed(string key)
    {
        await _carts.TryAddAsync("u", "p-1", 1, 99, default);

        var error = await Assert.ThrowsAsync<ShopException>(() => Placement.PlaceAsync("u", ValidRequest, key, default));

        Assert.Equal(ShopErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public async Task Another_users_order_is_not_found()
    {
        await _carts.TryAddAsync("alice", "p-1", 1, 99, default);
        var order = await Placement.PlaceAsync("alice", ValidRequest, null, default);
        var history = new OrderHistory(_orders);

        Assert.Equal(order.OrderId, (await history.GetAsync("alice", order.OrderId, default)).OrderId);
        var error = await Assert.ThrowsAsync<ShopException>(() => history.GetAsync("bob", order.OrderId, default));
        Assert.Equal(ShopErrorKind.NotFound, error.Kind);
    }
}
