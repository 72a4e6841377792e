namespace Shop.Web.Services;

/// <summary>How often to ask for an order's status: quickly at first, then backing off, for a bounded time.</summary>
public sealed record OrderPollingOptions
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);
    public double Factor { get; init; } = 2;

    /// <summary>After this many reads the page stops asking and tells the shopper to come back later.</summary>
    public int MaxAttempts { get; init; } = 40;

    public TimeSpan DelayAfter(int attempt)
    {
        var delay = InitialDelay.TotalMilliseconds * Math.Pow(Factor, attempt);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}

/// <summary>What the poller knows after each read.</summary>
public sealed record OrderPollUpdate
{
    public Order? Order { get; init; }

    /// <summary>The last read failed for a reason that may pass (network, server error); polling continues.</summary>
    public ShopApiException? TransientError { get; init; }

    public bool NotFound { get; init; }

    /// <summary>Polling gave up before the order reached a final status.</summary>
    public bool GaveUp { get; init; }
}

/// <summary>
/// Follows an order from PENDING to PROCESSED or FAILED, reading it with exponential backoff and stopping at a final
/// status, when the order does not exist, when it has asked <see cref="OrderPollingOptions.MaxAttempts"/> times, or when
/// cancelled (the page was left).
/// </summary>
public sealed class OrderStatusPoller(ShopApiClient api, OrderPollingOptions options, TimeProvider time)
{
    public async Task<OrderPollUpdate> FollowAsync(string orderId, Func<OrderPollUpdate, Task> onUpdate, CancellationToken ct)
    {
        OrderPollUpdate update = new();
        for (var attempt = 0; attempt < options.MaxAttempts; attempt++)
        {
            try
            {
                var order = await api.GetOrderAsync(orderId, ct);
                update = order is null ? new OrderPollUpdate { NotFound = true } : new OrderPollUpdate { Order = order };
            }
            catch (ShopApiException e) when (e.IsTransient)
            {
                update = update with { TransientError = e };
            }
            await onUpdate(update);
            if (update.NotFound || (update.Order is { } known && OrderStatuses.IsFinal(known.Status)))
            {
                return update;
            }
            await Task.Delay(options.DelayAfter(attempt), time, ct);
        }
        update = update with { GaveUp = true };
        await onUpdate(update);
        return update;
    }
}
