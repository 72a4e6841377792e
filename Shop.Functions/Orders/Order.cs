using System.Text.Json.Serialization;
using Shop.Functions.Carts;

namespace Shop.Functions.Orders;

/// <summary>
/// Where an order is. PENDING → PROCESSED is the normal path; PENDING → FAILED when its message is about to go to the
/// dead-letter queue; FAILED → PROCESSED when a redriven message then succeeds. PROCESSED is final.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    [JsonStringEnumMemberName("PENDING")] Pending,
    [JsonStringEnumMemberName("PROCESSED")] Processed,
    [JsonStringEnumMemberName("FAILED")] Failed,
}

/// <summary>Where the order goes.</summary>
public sealed record ShippingAddress
{
    public required string Name { get; init; }
    public required string Line1 { get; init; }
    public required string City { get; init; }
    public required string PostalCode { get; init; }
    public required string Country { get; init; }
}

/// <summary>An order and the record of which processing steps are done (each is done once, see <see cref="OrderProcessor"/>).</summary>
public sealed record Order
{
    public required string OrderId { get; init; }
    public required string UserId { get; init; }
    public required string Email { get; init; }
    public required OrderStatus Status { get; init; }
    public required IReadOnlyList<LineItem> Items { get; init; }
    public required decimal Total { get; init; }
    public required string Currency { get; init; }
    public required ShippingAddress Shipping { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset? PaymentRecordedAt { get; init; }
    public DateTimeOffset? EmailSentAt { get; init; }
    public string? InvoiceKey { get; init; }
    public DateTimeOffset? CartClearedAt { get; init; }
}

/// <summary>The message createOrder sends to OrderProcessingQueue (the seed's <c>{orderId, userEmail}</c>).</summary>
public sealed record OrderMessage(string OrderId, string UserEmail);

/// <summary>A processing step of an order that must have its effect exactly once.</summary>
public enum OrderStep
{
    PaymentRecorded,
    EmailSent,
    InvoiceWritten,
    CartCleared,
}
