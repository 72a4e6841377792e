using Shop.Functions.Api;

namespace Shop.Functions.Handlers;

/// <summary>createSession: POST /api/sessions → 201 <c>{userId, token, expiresAt}</c>, a signed guest session.</summary>
public sealed class CreateSessionFunction(ShopServices services) : HttpApiFunction(services)
{
    public CreateSessionFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
        [ShopEnvironment.SessionSigningKey, ShopEnvironment.SessionLifetimeMinutes];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["POST /api/sessions"] = (_, _) =>
        {
            var session = Services.SessionTokens.Issue();
            return Task.FromResult(ApiResponses.Json(201, new SessionBody(session.UserId, session.Token, session.ExpiresAt),
                ShopJsonContext.Default.SessionBody));
        },
    };
}
