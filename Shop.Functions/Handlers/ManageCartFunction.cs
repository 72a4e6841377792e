using Shop.Functions.Api;
using Shop.Functions.Carts;

namespace Shop.Functions.Handlers;

/// <summary>manageCart: the session user's cart. Adding is one atomic UpdateItem per line.</summary>
public sealed class ManageCartFunction(ShopServices services) : HttpApiFunction(services)
{
    public ManageCartFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
        [ShopEnvironment.CartsTable, ShopEnvironment.ProductsTable, ShopEnvironment.SessionSigningKey, ShopEnvironment.SessionLifetimeMinutes];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["GET /api/cart"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            SessionAuthentication.RequireSameUser(request.Query("userId"), userId);
            return Ok(await Carts.GetAsync(userId, cancellationToken));
        },
        ["POST /api/cart"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            var body = request.ReadJson(ShopJsonContext.Default.AddToCartBody);
            SessionAuthentication.RequireSameUser(body.UserId, userId);
            return Ok(await Carts.AddAsync(userId, body.ProductId, body.Quantity, cancellationToken));
        },
        ["DELETE /api/cart/items/{productId}"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            return Ok(await Carts.RemoveAsync(userId, request.PathParameter("productId"), cancellationToken));
        },
    };

    private CartService Carts => new(Services.CartStore, Services.ProductsById);

    private static ApiGatewayHttpResponse Ok(CartView cart) => ApiResponses.Json(200, cart, ShopJsonContext.Default.CartView);
}
