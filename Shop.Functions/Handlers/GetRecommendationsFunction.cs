using Shop.Functions.Api;
using Shop.Functions.Recommendations;

namespace Shop.Functions.Handlers;

/// <summary>getRecommendations: GET /api/recommendations → <c>{basedOn, items}</c> for the session user.</summary>
public sealed class GetRecommendationsFunction(ShopServices services) : HttpApiFunction(services)
{
    public GetRecommendationsFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
    [
        ShopEnvironment.InteractionsTable, ShopEnvironment.ProductsTable, ShopEnvironment.ProductsByTypeIndex, ShopEnvironment.CartsTable,
        ShopEnvironment.SessionSigningKey, ShopEnvironment.SessionLifetimeMinutes,
    ];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["GET /api/recommendations"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            // The seed calls it with ?userId=; the session decides, a different user is refused.
            SessionAuthentication.RequireSameUser(request.Query("userId"), userId);
            var recommender = new RecommendationService(Services.InteractionStore, Services.CatalogStore, Services.CartStore);
            var recommendation = await recommender.RecommendAsync(userId, cancellationToken);
            return ApiResponses.Json(200, new RecommendationBody(recommendation.BasedOn, recommendation.Items), ShopJsonContext.Default.RecommendationBody);
        },
    };
}
