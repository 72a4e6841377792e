using Shop.Functions.Recommendations;

namespace Shop.Tests.Functions.Fakes;

/// <summary>Per-user per-category view counters in memory.</summary>
public sealed class InMemoryInteractionStore : IInteractionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string User, string Type), CategoryViews> _counters = [];

    public Task RecordViewAsync(string userId, string productType, string productId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var views = _counters.TryGetValue((userId, productType), out var current) ? current.Views : 0;
            _counters[(userId, productType)] = new CategoryViews(productType, views + 1, at);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CategoryViews>> GetCategoryViewsAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CategoryViews>>(_counters
                .Where(pair => pair.Key.User == userId)
                .OrderBy(pair => pair.Key.Type, StringComparer.Ordinal)
                .Select(pair => pair.Value).ToList());
        }
    }
}
