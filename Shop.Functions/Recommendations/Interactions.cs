namespace Shop.Functions.Recommendations;

/// <summary>How many products of one category a user has viewed.</summary>
public sealed record CategoryViews(string ProductType, long Views, DateTimeOffset LastViewedAt);

/// <summary>Where user interactions are counted.</summary>
public interface IInteractionStore
{
    /// <summary>Counts one view of the product in its category with an atomic increment.</summary>
    Task RecordViewAsync(string userId, string productType, string productId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The user's per-category counters (one small read, whatever the length of the user's history).</summary>
    Task<IReadOnlyList<CategoryViews>> GetCategoryViewsAsync(string userId, CancellationToken cancellationToken);
}
