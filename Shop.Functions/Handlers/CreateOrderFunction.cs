using Shop.Functions.Api;
using Shop.Functions.Orders;

namespace Shop.Functions.Handlers;

/// <summary>
/// createOrder: POST /api/orders → 202 <c>{orderId, status:"Order Received"}</c>. Writes the order PENDING from the
/// server-side cart and hands it to OrderProcessingQueue; an Idempotency-Key header makes retries return the same order.
/// </summary>
public sealed class CreateOrderFunction(ShopServices services) : HttpApiFunction(services)
{
    public const string OrderReceived = "Order Received";

    public CreateOrderFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
    [
        ShopEnvironment.CartsTable, ShopEnvironment.ProductsTable, ShopEnvironment.OrdersTable, ShopEnvironment.OrderQueueUrl,
        ShopEnvironment.SessionSigningKey, ShopEnvironment.SessionLifetimeMinutes,
    ];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["POST /api/orders"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            var body = request.ReadJson(ShopJsonContext.Default.PlaceOrderBody);
            SessionAuthentication.RequireSameUser(body.UserId, userId);
            var orders = new OrderPlacement(Services.CartStore, Services.ProductsById, Services.OrderStore, Services.OrderQueue, Services.Time);
            var order = await orders.PlaceAsync(userId, new PlaceOrder(body.Email, body.Shipping), request.Header("idempotency-key"), cancellationToken);
            return ApiResponses.Json(202, new OrderReceivedBody(order.OrderId, OrderReceived), ShopJsonContext.Default.OrderReceivedBody);
        },
    };
}
