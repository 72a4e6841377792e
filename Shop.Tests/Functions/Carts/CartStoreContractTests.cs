using Shop.Functions.Aws;
using Shop.Functions.Carts;
using Shop.Tests.Functions.Fakes;
using Shop.Tests.Functions.Handlers;

namespace Shop.Tests.Functions.Carts;

/// <summary>
/// What every <see cref="ICartStore"/> must do, checked on the DynamoDB store (against LocalAws) and on the in-memory
/// fake the service tests use, so the fake cannot drift from the real thing.
/// </summary>
public abstract class CartStoreContractTests
{
    protected abstract ICartStore Store { get; }

    private static string NewUser() => "user-" + Guid.NewGuid().ToString("N");

    private async Task<IReadOnlyList<CartLine>> LinesAsync(string user) => await Store.GetLinesAsync(user, default);

    [Fact]
    public async Task Taking_an_orders_quantity_leaves_what_was_added_since()
    {
        var user = NewUser();
        await Store.TryAddAsync(user, "p-1", 2, 99, default);
        await Store.TryAddAsync(user, "p-1", 1, 99, default); // added after the order of 2 was placed

        await Store.TakeOrderedAsync(user, "p-1", 2, "order-a", default);

        Assert.Equal([new CartLine("p-1", 1)], await LinesAsync(user));
    }

    [Fact]
    public async Task A_line_with_no_more_than_the_ordered_quantity_goes()
    {
        var user = NewUser();
        await Store.TryAddAsync(user, "p-1", 2, 99, default);
        await Store.TryAddAsync(user, "p-2", 1, 99, default);

        await Store.TakeOrderedAsync(user, "p-1", 2, "order-a", default);
        await Store.TakeOrderedAsync(user, "p-2", 3, "order-a", default); // the shopper lowered it after ordering

        Assert.Empty(await LinesAsync(user));
    }

    [Fact]
    public async Task An_order_takes_its_units_once_however_often_it_is_delivered()
    {
        var user = NewUser();
        await Store.TryAddAsync(user, "p-1", 5, 99, default);

        await Store.TakeOrderedAsync(user, "p-1", 2, "order-a", default);
        await Store.TakeOrderedAsync(user, "p-1", 2, "order-a", default);
        Assert.Equal([new CartLine("p-1", 3)], await LinesAsync(user));

        await Store.TakeOrderedAsync(user, "p-1", 1, "order-b", default);
        Assert.Equal([new CartLine("p-1", 2)], await LinesAsync(user));
    }

    [Fact]
    public async Task Taking_from_no_line_does_nothing()
    {
        var user = NewUser();

        await Store.TakeOrderedAsync(user, "p-1", 1, "order-a", default);

        Assert.Empty(await LinesAsync(user));
    }

    [Fact]
    public async Task Adds_racing_a_take_all_count()
    {
        var user = NewUser();
        await Store.TryAddAsync(user, "p-1", 2, 99, default);

        await Task.WhenAll(
            Store.TakeOrderedAsync(user, "p-1", 2, "order-a", default),
            Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Store.TryAddAsync(user, "p-1", 1, 99, default))));

        Assert.Equal([new CartLine("p-1", 5)], await LinesAsync(user));
    }

    [Fact]
    public async Task A_removed_line_comes_back_from_zero()
    {
        var user = NewUser();
        await Store.TryAddAsync(user, "p-1", 3, 99, default);
        await Store.TakeOrderedAsync(user, "p-1", 1, "order-a", default);

        await Store.RemoveLineAsync(user, "p-1", default);
        await Store.TryAddAsync(user, "p-1", 1, 99, default);

        Assert.Equal([new CartLine("p-1", 1)], await LinesAsync(user));
    }
}

public sealed class InMemoryCartStoreContractTests : CartStoreContractTests
{
    protected override ICartStore Store { get; } = new InMemoryCartStore();
}

public sealed class DynamoDbCartStoreContractTests(ShopStackFixture shop) : CartStoreContractTests, IClassFixture<ShopStackFixture>
{
    protected override ICartStore Store { get; } = new DynamoDbCartStore(shop.DynamoDb, shop.CartsTable, TimeProvider.System);
}
