namespace Shop.Web.Services;

// Wire records of the shop's HTTP API (issue 4, section 3), named as the API names them.

public sealed record GuestSession
{
    public required string UserId { get; init; }
    public required string Token { get; init; }
}

public sealed record Product
{
    public required string ProductId { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required decimal Price { get; init; }
    public string Currency { get; init; } = "USD";
    public required string ProductType { get; init; }
    public string? ImageUrl { get; init; }
    public int Stock { get; init; }
}

public sealed record ProductPage
{
    public required IReadOnlyList<Product> Items { get; init; }
    public string? NextCursor { get; init; }
}

public sealed record CartLine
{
    public required string ProductId { get; init; }
    public required string Name { get; init; }
    public required decimal UnitPrice { get; init; }
    public required int Quantity { get; init; }
    public required decimal LineTotal { get; init; }
}

public sealed record Cart
{
    public required IReadOnlyList<CartLine> Items { get; init; }
    public required int ItemCount { get; init; }
    public required decimal Subtotal { get; init; }

    public static Cart Empty { get; } = new() { Items = [], ItemCount = 0, Subtotal = 0m };
}

public sealed record AddToCartRequest
{
    public required string ProductId { get; init; }
    public required int Quantity { get; init; }
}

public sealed record ShippingAddress
{
    public required string Name { get; init; }
    public required string Line1 { get; init; }
    public required string City { get; init; }
    public required string PostalCode { get; init; }
    public required string Country { get; init; }
}

public sealed record PlaceOrderRequest
{
    public required string Email { get; init; }
    public required ShippingAddress Shipping { get; init; }
}

public sealed record OrderReceipt
{
    public required string OrderId { get; init; }
    public required string Status { get; init; }
}

/// <summary>One line of a placed order; the price is the one the server charged, not the catalog's current price.</summary>
public sealed record OrderLine
{
    public required string ProductId { get; init; }
    public string? Name { get; init; }
    public int Quantity { get; init; }
    public decimal UnitPrice { get; init; }
    public decimal LineTotal { get; init; }
}

public sealed record Order
{
    public required string OrderId { get; init; }
    public required string Status { get; init; }
    public IReadOnlyList<OrderLine> Items { get; init; } = [];
    public decimal Total { get; init; }
    public string Currency { get; init; } = "USD";
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
    public string? InvoiceUrl { get; init; }

    /// <summary>Why processing gave up, for a FAILED order.</summary>
    public string? FailureReason { get; init; }
}

public sealed record OrderList
{
    public required IReadOnlyList<Order> Items { get; init; }
}

public sealed record ProductViewEvent
{
    public required string ProductId { get; init; }
    public string EventType { get; init; } = "product-view";
    public required string ProductType { get; init; }
}

public sealed record Recommendations
{
    public string? BasedOn { get; init; }
    public required IReadOnlyList<Product> Items { get; init; }
}

public sealed record ApiErrorBody
{
    public required ApiErrorDetail Error { get; init; }
}

public sealed record ApiErrorDetail
{
    public required string Code { get; init; }
    public required string Message { get; init; }
}

/// <summary>The order statuses the API reports; PROCESSED and FAILED are final.</summary>
public static class OrderStatuses
{
    public const string Pending = "PENDING";
    public const string Processed = "PROCESSED";
    public const string Failed = "FAILED";

    public static bool IsFinal(string status) => status is Processed or Failed;
}
