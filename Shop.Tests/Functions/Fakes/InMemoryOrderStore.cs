using Shop.Functions.Orders;

namespace Shop.Tests.Functions.Fakes;

/// <summary>Orders in memory with the same conditional semantics as the DynamoDB store (status and lease checks).</summary>
public sealed class InMemoryOrderStore : IOrderStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Order Order, string? LeaseId, DateTimeOffset LeaseExpiresAt)> _orders = [];

    public Task<bool> TryCreateAsync(Order order, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_orders.TryAdd(order.OrderId, (order, null, default)));
        }
    }

    public Task DeletePendingAsync(string orderId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_orders.TryGetValue(orderId, out var entry) && entry.Order.Status == OrderStatus.Pending && entry.LeaseId is null)
            {
                _orders.Remove(orderId);
            }
        }
        return Task.CompletedTask;
    }

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_orders.TryGetValue(orderId, out var entry) ? entry.Order : null);
        }
    }

    public Task<IReadOnlyList<Order>> ListForUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Order>>(_orders.Values.Select(e => e.Order)
                .Where(o => o.UserId == userId).OrderByDescending(o => o.CreatedAt).Take(limit).ToList());
        }
    }

    public Task<bool> TryLeaseAsync(string orderId, string leaseId, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var entry)
                || entry.Order.Status == OrderStatus.Processed
                || (entry.LeaseId is not null && entry.LeaseExpiresAt >= now))
            {
                return Task.FromResult(false);
            }
            _orders[orderId] = (entry.Order, leaseId, expiresAt);
            return Task.FromResult(true);
        }
    }

    public Task RecordStepAsync(string orderId, string leaseId, OrderStep step, DateTimeOffset at, string? detail, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = Leased(orderId, leaseId);
            var order = step switch
            {
                OrderStep.PaymentRecorded => entry.Order with { PaymentRecordedAt = at },
                OrderStep.EmailSent => entry.Order with { EmailSentAt = at },
                OrderStep.InvoiceWritten => entry.Order with { InvoiceKey = detail },
                OrderStep.CartCleared => entry.Order with { CartClearedAt = at },
                _ => throw new ArgumentOutOfRangeException(nameof(step)),
            };
            _orders[orderId] = entry with { Order = order };
        }
        return Task.CompletedTask;
    }

    public Task CompleteAsync(string orderId, string leaseId, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = Leased(orderId, leaseId);
            _orders[orderId] = (entry.Order with { Status = OrderStatus.Processed, ProcessedAt = processedAt, FailedAt = null, FailureReason = null }, null, default);
        }
        return Task.CompletedTask;
    }

    public Task MarkFailedAsync(string orderId, string? leaseId, string reason, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_orders.TryGetValue(orderId, out var entry) && entry.Order.Status != OrderStatus.Processed
                && (leaseId is null || entry.LeaseId is null || entry.LeaseId == leaseId))
            {
                _orders[orderId] = (entry.Order with { Status = OrderStatus.Failed, FailedAt = failedAt, FailureReason = reason }, null, default);
            }
        }
        return Task.CompletedTask;
    }

    public Task ReleaseLeaseAsync(string orderId, string leaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_orders.TryGetValue(orderId, out var entry) && entry.LeaseId == leaseId)
            {
                _orders[orderId] = (entry.Order, null, default);
            }
        }
        return Task.CompletedTask;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _orders.Count;
            }
        }
    }

    private (Order Order, string? LeaseId, DateTimeOffset LeaseExpiresAt) Leased(string orderId, string leaseId) =>
        _orders.TryGetValue(orderId, out var entry) && entry.LeaseId == leaseId
            ? entry
            : throw new InvalidOperationException($"The lease on order {orderId} was lost.");
}
