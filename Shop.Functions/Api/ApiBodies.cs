using System.Text.Json.Serialization;
using Shop.Functions.Carts;
using Shop.Functions.Catalog;
using Shop.Functions.Orders;

namespace Shop.Functions.Api;

// The JSON bodies of the shop's HTTP API (issue 4 §3). Requests have nullable members so that a missing field is a
// 422 with a message, not a deserialisation failure.

/// <summary><c>{error:{code, message}}</c></summary>
public sealed record ErrorBody(ErrorDetail Error);

public sealed record ErrorDetail(string Code, string Message);

/// <summary>POST /api/sessions → 201.</summary>
public sealed record SessionBody(string UserId, string Token, DateTimeOffset ExpiresAt);

/// <summary>GET /api/products → <c>{items, nextCursor}</c>.</summary>
public sealed record ProductListBody(
    IReadOnlyList<Product> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);

/// <summary>POST /api/cart (the seed's payload: <c>{userId, productId, quantity}</c>).</summary>
public sealed record AddToCartBody(string? UserId, string? ProductId, int? Quantity);

/// <summary>POST /api/orders; an <c>items</c> array from the client is read and ignored (the cart is the truth).</summary>
public sealed record PlaceOrderBody(string? UserId, string? Email, ShippingInput? Shipping, System.Text.Json.JsonElement? Items);

/// <summary>202 for POST /api/orders (the seed's <c>{orderId, status:"Order Received"}</c>).</summary>
public sealed record OrderReceivedBody(string OrderId, string Status);

/// <summary>GET /api/orders/{orderId}.</summary>
public sealed record OrderBody
{
    public required string OrderId { get; init; }
    public required OrderStatus Status { get; init; }
    public required IReadOnlyList<LineItem> Items { get; init; }
    public required decimal Total { get; init; }
    public required string Currency { get; init; }
    public required string Email { get; init; }
    public required ShippingAddress Shipping { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>A presigned link to <c>invoices/{orderId}.txt</c>, once the invoice exists.</summary>
    public string? InvoiceUrl { get; init; }
}

/// <summary>GET /api/orders.</summary>
public sealed record OrderListBody(IReadOnlyList<OrderBody> Items);

/// <summary>POST /api/events (the seed's payload).</summary>
public sealed record TrackEventBody(string? UserId, string? ProductId, string? EventType, string? ProductType);

/// <summary>202 for POST /api/events.</summary>
public sealed record AcceptedBody(bool Accepted);

/// <summary>GET /api/recommendations → <c>{basedOn, items}</c>.</summary>
public sealed record RecommendationBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? BasedOn,
    IReadOnlyList<Product> Items);
