namespace Shop.Functions.Orders;

/// <summary>Where orders are kept. Every state change is conditional, so racing writers cannot both win.</summary>
public interface IOrderStore
{
    /// <summary>Writes a new order; false (and nothing written) when an order with its id exists.</summary>
    Task<bool> TryCreateAsync(Order order, CancellationToken cancellationToken);

    /// <summary>Deletes the order if it is still PENDING and unleased (undoing a placement that could not be queued).</summary>
    Task DeletePendingAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>A strongly consistent read.</summary>
    Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>The user's orders, newest first.</summary>
    Task<IReadOnlyList<Order>> ListForUserAsync(string userId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the processing lease of an unfinished (PENDING or FAILED) order that nobody else holds, or whose holder's
    /// lease ran out; false when the order is PROCESSED or someone else holds a live lease.
    /// </summary>
    Task<bool> TryLeaseAsync(string orderId, string leaseId, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Records that a step is done, as long as <paramref name="leaseId"/> still holds the lease.</summary>
    Task RecordStepAsync(string orderId, string leaseId, OrderStep step, DateTimeOffset at, string? detail, CancellationToken cancellationToken);

    /// <summary>Moves the leased order to PROCESSED and drops the lease.</summary>
    Task CompleteAsync(string orderId, string leaseId, DateTimeOffset processedAt, CancellationToken cancellationToken);

    /// <summary>Moves a PENDING order to FAILED with the reason, and drops the lease if <paramref name="leaseId"/> holds it.</summary>
    Task MarkFailedAsync(string orderId, string? leaseId, string reason, DateTimeOffset failedAt, CancellationToken cancellationToken);

    /// <summary>Drops the lease if <paramref name="leaseId"/> holds it, so the next delivery need not wait for it to expire.</summary>
    Task ReleaseLeaseAsync(string orderId, string leaseId, CancellationToken cancellationToken);
}

/// <summary>Hands an order to asynchronous processing (OrderProcessingQueue).</summary>
public interface IOrderQueue
{
    Task PublishAsync(OrderMessage message, CancellationToken cancellationToken);
}

/// <summary>Where invoices are written and how a shopper downloads one.</summary>
public interface IInvoiceStore
{
    /// <summary>Writes the invoice of the order and returns its key (<c>invoices/{orderId}.txt</c>).</summary>
    Task<string> PutAsync(string orderId, string text, CancellationToken cancellationToken);

    /// <summary>A time-limited link to the invoice with that key.</summary>
    Uri GetDownloadUrl(string key);
}

/// <summary>An email to one recipient.</summary>
public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Sends the order confirmation email.</summary>
public interface IOrderConfirmationSender
{
    /// <summary>Sends and returns the mail system's message id.</summary>
    Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
