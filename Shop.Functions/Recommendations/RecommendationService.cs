using Shop.Functions.Carts;
using Shop.Functions.Catalog;

namespace Shop.Functions.Recommendations;

/// <summary>Recommended products and the category they are based on (null for the no-history fallback).</summary>
public sealed record Recommendation(string? BasedOn, IReadOnlyList<Product> Items);

/// <summary>
/// The seed's "dumbed down" recommender (getRecommendations): the user's most viewed category, and a few of its
/// products. Ties between categories go to the most recently viewed one, then to the name in ordinal order, so the
/// answer never depends on storage order. Products already in the cart come last; out-of-stock products are not offered.
/// A user with no views gets the best-stocked products of the whole catalog (most stock first, then productId).
/// </summary>
public sealed class RecommendationService(IInteractionStore interactions, ICatalogStore catalog, ICartStore carts)
{
    public const int Count = 4;

    /// <summary>How many products of the category are considered, so the cost stays fixed as the catalog grows.</summary>
    public const int CandidateLimit = 50;

    public async Task<Recommendation> RecommendAsync(string userId, CancellationToken cancellationToken)
    {
        var counters = await interactions.GetCategoryViewsAsync(userId, cancellationToken);
        var inCart = (await carts.GetLinesAsync(userId, cancellationToken)).Select(l => l.ProductId).ToHashSet(StringComparer.Ordinal);
        var top = TopCategory(counters);
        if (top is null)
        {
            var all = await catalog.ListAllAsync(cancellationToken);
            var bestStocked = all.OrderByDescending(p => p.Stock).ThenBy(p => p.ProductId, StringComparer.Ordinal);
            return new Recommendation(null, Rank(bestStocked, inCart));
        }
        var page = await catalog.ListAsync(top, CandidateLimit, null, cancellationToken);
        return new Recommendation(top, Rank(page.Items.OrderBy(p => p.ProductId, StringComparer.Ordinal), inCart));
    }

    public static string? TopCategory(IEnumerable<CategoryViews> counters) => counters
        .Where(c => c.Views > 0)
        .OrderByDescending(c => c.Views)
        .ThenByDescending(c => c.LastViewedAt)
        .ThenBy(c => c.ProductType, StringComparer.Ordinal)
        .Select(c => c.ProductType)
        .FirstOrDefault();

    private static List<Product> Rank(IEnumerable<Product> ordered, HashSet<string> inCart) => ordered
        .Where(p => p.Stock > 0)
        .OrderBy(p => inCart.Contains(p.ProductId)) // stable: keeps the given order within each group
        .Take(Count)
        .ToList();
}
