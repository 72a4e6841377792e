namespace Shop.Functions.Orders;

/// <summary>Reading a user's own orders (getOrders).</summary>
public sealed class OrderHistory(IOrderStore orders)
{
    public const int ListLimit = 50;

    /// <summary>The user's order; another user's order is reported as not found, not as forbidden.</summary>
    public async Task<Order> GetAsync(string userId, string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        return order is not null && order.UserId == userId ? order : throw ShopException.NotFound($"Order '{orderId}'");
    }

    public Task<IReadOnlyList<Order>> ListAsync(string userId, CancellationToken cancellationToken) =>
        orders.ListForUserAsync(userId, ListLimit, cancellationToken);
}
