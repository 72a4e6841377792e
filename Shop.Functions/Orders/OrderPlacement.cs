using System.Text.RegularExpressions;
using Shop.Functions.Carts;
using Shop.Functions.Catalog;

namespace Shop.Functions.Orders;

/// <summary>What the shopper sends to place an order; prices and contents come from the server-side cart.</summary>
public sealed record PlaceOrder(string? Email, ShippingInput? Shipping);

/// <summary>The shipping address as sent; every field is checked before anything is written.</summary>
public sealed record ShippingInput(string? Name, string? Line1, string? City, string? PostalCode, string? Country);

/// <summary>Placing an order (createOrder).</summary>
public sealed partial class OrderPlacement(
    ICartStore carts, ICatalogStore catalog, IOrderStore orders, IOrderQueue queue, TimeProvider time)
{
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxFieldLength = 200;

    public async Task<Order> PlaceAsync(string userId, PlaceOrder request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var email = ValidEmail(request.Email);
        var shipping = ValidShipping(request.Shipping);
        string orderId;
        if (idempotencyKey is null)
        {
            orderId = OpaqueIds.New("order");
        }
        else
        {
            if (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~'))
            {
                throw new ShopException(ShopErrorKind.Malformed, "invalid_idempotency_key",
                    $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters.");
            }
            // The key maps to one order id per user, so a retry finds the order its first attempt wrote.
            orderId = OpaqueIds.Derived("order", userId, idempotencyKey);
            var earlier = await orders.GetAsync(orderId, cancellationToken);
            if (earlier is not null)
            {
                return await ResumeAsync(earlier, cancellationToken);
            }
        }

        var lines = await carts.GetLinesAsync(userId, cancellationToken);
        var products = lines.Count == 0
            ? new Dictionary<string, Product>()
            : await catalog.GetManyAsync(lines.Select(l => l.ProductId).ToList(), cancellationToken);
        var cart = CartPricing.Price(lines, products);
        if (cart.Items.Count == 0)
        {
            throw new ShopException(ShopErrorKind.Conflict, "cart_empty", "The cart is empty; add a product before ordering.");
        }

        var order = new Order
        {
            OrderId = orderId,
            UserId = userId,
            Email = email,
            Status = OrderStatus.Pending,
            Items = cart.Items,
            Total = cart.Subtotal,
            Currency = cart.Currency,
            Shipping = shipping,
            CreatedAt = time.GetUtcNow(),
        };
        if (!await orders.TryCreateAsync(order, cancellationToken))
        {
            // A concurrent retry with the same key wrote it first: answer with that one.
            var winner = await orders.GetAsync(orderId, cancellationToken)
                ?? throw new InvalidOperationException($"Order {orderId} exists but cannot be read.");
            return await ResumeAsync(winner, cancellationToken);
        }
        try
        {
            await queue.PublishAsync(new OrderMessage(order.OrderId, order.Email), cancellationToken);
        }
        catch
        {
            // An order nobody will process must not stay behind: undo the write, the caller sees the failure and retries.
            await orders.DeletePendingAsync(order.OrderId, CancellationToken.None);
            throw;
        }
        return order;
    }

    /// <summary>
    /// A retry of a placed order: if it is still PENDING the first attempt may have died between writing it and
    /// queueing it, so queue it again (processing is idempotent, a second message costs nothing).
    /// </summary>
    private async Task<Order> ResumeAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Status == OrderStatus.Pending)
        {
            await queue.PublishAsync(new OrderMessage(order.OrderId, order.Email), cancellationToken);
        }
        return order;
    }

    private static string ValidEmail(string? email)
    {
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 254 || !EmailPattern().IsMatch(trimmed))
        {
            throw ShopException.Invalid("invalid_email", "email must be an email address such as customer@example.com.");
        }
        return trimmed;
    }

    private static ShippingAddress ValidShipping(ShippingInput? shipping)
    {
        if (shipping is null)
        {
            throw ShopException.Invalid("invalid_shipping", "shipping {name, line1, city, postalCode, country} is required.");
        }
        return new ShippingAddress
        {
            Name = Field(shipping.Name, "name"),
            Line1 = Field(shipping.Line1, "line1"),
            City = Field(shipping.City, "city"),
            PostalCode = Field(shipping.PostalCode, "postalCode"),
            Country = Field(shipping.Country, "country"),
        };
    }

    private static string Field(string? value, string name)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxFieldLength || trimmed.Any(char.IsControl))
        {
            throw ShopException.Invalid("invalid_shipping", $"shipping.{name} is required (1 to {MaxFieldLength} characters, one line).");
        }
        return trimmed;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
