using Shop.Functions.Api;
using Shop.Functions.Recommendations;

namespace Shop.Functions.Handlers;

/// <summary>trackEvent: POST /api/events → 202; counts a product view in the user's per-category counter.</summary>
public sealed class TrackEventFunction(ShopServices services) : HttpApiFunction(services)
{
    public TrackEventFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
        [ShopEnvironment.ProductsTable, ShopEnvironment.InteractionsTable, ShopEnvironment.SessionSigningKey, ShopEnvironment.SessionLifetimeMinutes];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["POST /api/events"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            var body = request.ReadJson(ShopJsonContext.Default.TrackEventBody);
            SessionAuthentication.RequireSameUser(body.UserId, userId);
            var tracker = new InteractionTracker(Services.InteractionStore, Services.ProductsById, Services.Time);
            await tracker.TrackAsync(userId, new TrackedEvent(body.ProductId, body.EventType, body.ProductType), cancellationToken);
            return ApiResponses.Json(202, new AcceptedBody(true), ShopJsonContext.Default.AcceptedBody);
        },
    };
}
