using Shop.Functions.Api;
using Shop.Functions.Orders;

namespace Shop.Functions.Handlers;

/// <summary>getOrders: the session user's orders, with a presigned invoice link once the invoice exists.</summary>
public sealed class GetOrdersFunction(ShopServices services) : HttpApiFunction(services)
{
    public GetOrdersFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
    [
        ShopEnvironment.OrdersTable, ShopEnvironment.OrdersByUserIndex, ShopEnvironment.InvoiceBucket,
        ShopEnvironment.SessionSigningKey, ShopEnvironment.SessionLifetimeMinutes,
    ];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["GET /api/orders"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            SessionAuthentication.RequireSameUser(request.Query("userId"), userId);
            var orders = await Orders.ListAsync(userId, cancellationToken);
            var invoices = Services.InvoiceStore;
            return ApiResponses.Json(200, new OrderListBody(orders.Select(o => ToBody(o, invoices)).ToList()), ShopJsonContext.Default.OrderListBody);
        },
        ["GET /api/orders/{orderId}"] = async (request, cancellationToken) =>
        {
            var userId = Services.Authentication.Authenticate(request);
            var order = await Orders.GetAsync(userId, request.PathParameter("orderId"), cancellationToken);
            return ApiResponses.Json(200, ToBody(order, Services.InvoiceStore), ShopJsonContext.Default.OrderBody);
        },
    };

    private OrderHistory Orders => new(Services.OrderStore);

    private static OrderBody ToBody(Order order, IInvoiceStore invoices) => new()
    {
        OrderId = order.OrderId,
        Status = order.Status,
        Items = order.Items,
        Total = order.Total,
        Currency = order.Currency,
        Email = order.Email,
        Shipping = order.Shipping,
        CreatedAt = order.CreatedAt,
        ProcessedAt = order.ProcessedAt,
        FailureReason = order.Status == OrderStatus.Failed ? "Processing failed; the order is held for review." : null,
        InvoiceUrl = order.InvoiceKey is null ? null : invoices.GetDownloadUrl(order.InvoiceKey).AbsoluteUri,
    };
}
