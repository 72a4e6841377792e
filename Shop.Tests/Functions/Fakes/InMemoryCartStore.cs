using Shop.Functions.Carts;

namespace Shop.Tests.Functions.Fakes;

/// <summary>Carts in memory; each add is atomic under a lock, like DynamoDB's ADD with its condition.</summary>
public sealed class InMemoryCartStore : ICartStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string User, string Product), int> _lines = [];

    /// <summary>The orders that took units from each line, forgotten with the line as DynamoDB's takenBy set is.</summary>
    private readonly HashSet<(string User, string Product, string Order)> _takenBy = [];

    public Task<IReadOnlyList<CartLine>> GetLinesAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CartLine>>(_lines
                .Where(pair => pair.Key.User == userId)
                .OrderBy(pair => pair.Key.Product, StringComparer.Ordinal)
                .Select(pair => new CartLine(pair.Key.Product, pair.Value))
                .ToList());
        }
    }

    public async Task<bool> TryAddAsync(string userId, string productId, int quantity, int maxLineQuantity, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            var current = _lines.GetValueOrDefault((userId, productId));
            if (current + quantity > maxLineQuantity)
            {
                return false;
            }
            _lines[(userId, productId)] = current + quantity;
            return true;
        }
    }

    public Task RemoveLineAsync(string userId, string productId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _lines.Remove((userId, productId));
            _takenBy.RemoveWhere(taken => taken.User == userId && taken.Product == productId);
        }
        return Task.CompletedTask;
    }

    public Task TakeOrderedAsync(string userId, string productId, int quantity, string orderId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (userId, productId);
            if (_lines.TryGetValue(key, out var current) && _takenBy.Add((userId, productId, orderId)))
            {
                if (current > quantity)
                {
                    _lines[key] = current - quantity;
                }
                else
                {
                    _lines.Remove(key);
                    _takenBy.RemoveWhere(taken => taken.User == userId && taken.Product == productId);
                }
            }
        }
        return Task.CompletedTask;
    }

    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }
}
