namespace Shop.Functions.Carts;

/// <summary>A cart line as stored: which product and how many. Prices are looked up when the cart is read.</summary>
public sealed record CartLine(string ProductId, int Quantity);

/// <summary>A priced line of a cart or an order.</summary>
public sealed record LineItem
{
    public required string ProductId { get; init; }
    public required string Name { get; init; }
    public required decimal UnitPrice { get; init; }
    public required int Quantity { get; init; }
    public required decimal LineTotal { get; init; }
}

/// <summary>The cart as the API returns it.</summary>
public sealed record CartView(IReadOnlyList<LineItem> Items, int ItemCount, decimal Subtotal, string Currency);

/// <summary>Where carts are kept. Every write is a single atomic operation on one line, so concurrent adds all count.</summary>
public interface ICartStore
{
    /// <summary>The user's lines in productId order.</summary>
    Task<IReadOnlyList<CartLine>> GetLinesAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="quantity"/> to the line in one atomic step, unless the line would then hold more than
    /// <paramref name="maxLineQuantity"/>; false (and nothing written) in that case.
    /// </summary>
    Task<bool> TryAddAsync(string userId, string productId, int quantity, int maxLineQuantity, CancellationToken cancellationToken);

    /// <summary>Removes the line if it is there.</summary>
    Task RemoveLineAsync(string userId, string productId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an order's <paramref name="quantity"/> of the product out of the user's line, once per order however often
    /// it is called (SQS delivers at least once): the line goes when it holds no more than that, and units the shopper
    /// added after placing the order stay. Nothing happens when there is no line.
    /// </summary>
    Task TakeOrderedAsync(string userId, string productId, int quantity, string orderId, CancellationToken cancellationToken);
}
