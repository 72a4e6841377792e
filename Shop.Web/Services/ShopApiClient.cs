using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Web.Services;

/// <summary>
/// Typed client of the shop's HTTP API. Its transport's base address ends in <c>/api/</c> relative to the page's origin,
/// so the same build works behind http://localhost:8080 and behind CloudFront.
/// </summary>
public sealed class ShopApiClient
{
    private readonly IApiTransport _transport;
    private readonly SessionStore _sessions;
    private readonly SharedLoad<GuestSession> _session;

    public ShopApiClient(IApiTransport transport, SessionStore sessions)
    {
        _transport = transport;
        _sessions = sessions;
        _session = new SharedLoad<GuestSession>(LoadOrCreateSessionAsync);
    }

    /// <summary>The guest session, created once per browser and kept in localStorage.</summary>
    public Task<GuestSession> GetSessionAsync() => _session.GetAsync();

    public Task<ProductPage> GetProductsAsync(string? category = null, int? limit = null, string? cursor = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(category)) query.Add("category=" + Uri.EscapeDataString(category));
        if (limit is not null) query.Add("limit=" + limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(cursor)) query.Add("cursor=" + Uri.EscapeDataString(cursor));
        var path = query.Count == 0 ? "products" : "products?" + string.Join('&', query);
        return SendAsync(Get(path), ShopJsonContext.Default.ProductPage, authorized: false, ct);
    }

    public Task<Product?> GetProductAsync(string productId, CancellationToken ct = default) =>
        OrNullWhenNotFound(SendAsync(Get("products/" + Uri.EscapeDataString(productId)),
            ShopJsonContext.Default.Product, authorized: false, ct));

    public Task<Cart> GetCartAsync(CancellationToken ct = default) =>
        SendAsync(Get("cart"), ShopJsonContext.Default.Cart, authorized: true, ct);

    public Task<Cart> AddToCartAsync(string productId, int quantity, CancellationToken ct = default) =>
        SendAsync(Post("cart", JsonSerializer.Serialize(new AddToCartRequest { ProductId = productId, Quantity = quantity }, ShopJsonContext.Default.AddToCartRequest)),
            ShopJsonContext.Default.Cart, authorized: true, ct);

    public Task<Cart> RemoveFromCartAsync(string productId, CancellationToken ct = default) =>
        SendAsync(new ApiRequest { Method = "DELETE", Path = "cart/items/" + Uri.EscapeDataString(productId) },
            ShopJsonContext.Default.Cart, authorized: true, ct);

    /// <summary>Places the order for the session's cart. Retrying with the same key returns the same order.</summary>
    public Task<OrderReceipt> PlaceOrderAsync(PlaceOrderRequest request, string idempotencyKey, CancellationToken ct = default) =>
        SendAsync(Post("orders", JsonSerializer.Serialize(request, ShopJsonContext.Default.PlaceOrderRequest)) with { IdempotencyKey = idempotencyKey },
            ShopJsonContext.Default.OrderReceipt, authorized: true, ct);

    public Task<Order?> GetOrderAsync(string orderId, CancellationToken ct = default) =>
        OrNullWhenNotFound(SendAsync(Get("orders/" + Uri.EscapeDataString(orderId)),
            ShopJsonContext.Default.Order, authorized: true, ct));

    public async Task<IReadOnlyList<Order>> GetOrdersAsync(CancellationToken ct = default) =>
        (await SendAsync(Get("orders"), ShopJsonContext.Default.OrderList, authorized: true, ct)).Items;

    /// <summary>Records that the shopper looked at a product (the recommendation signal).</summary>
    public Task TrackProductViewAsync(Product product, CancellationToken ct = default) =>
        SendAsync<bool>(Post("events", JsonSerializer.Serialize(new ProductViewEvent { ProductId = product.ProductId, ProductType = product.ProductType },
            ShopJsonContext.Default.ProductViewEvent)), typeInfo: null, authorized: true, ct);

    public Task<Recommendations> GetRecommendationsAsync(CancellationToken ct = default) =>
        SendAsync(Get("recommendations"), ShopJsonContext.Default.Recommendations, authorized: true, ct);

    private async Task<GuestSession> LoadOrCreateSessionAsync()
    {
        var stored = await _sessions.LoadAsync();
        if (stored is not null) return stored;
        var created = await SendAsync(new ApiRequest { Method = "POST", Path = "sessions" },
            ShopJsonContext.Default.GuestSession, authorized: false, CancellationToken.None);
        await _sessions.SaveAsync(created);
        return created;
    }

    private static ApiRequest Get(string path) => new() { Method = "GET", Path = path };

    private static ApiRequest Post(string path, string jsonBody) => new() { Method = "POST", Path = path, JsonBody = jsonBody };

    private async Task<T> SendAsync<T>(ApiRequest request, JsonTypeInfo<T>? typeInfo, bool authorized, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (authorized)
            {
                var session = await GetSessionAsync();
                request = request with { BearerToken = session.Token };
            }

            ApiResponse response;
            try
            {
                response = await _transport.SendAsync(request, ct);
            }
            catch (ApiUnreachableException e)
            {
                throw ShopApiException.Unreachable(e);
            }

            var status = (HttpStatusCode)response.Status;
            // A guest token expires; a fresh guest session is the only way forward (the old cart is gone with it).
            if (status == HttpStatusCode.Unauthorized && authorized && attempt == 0)
            {
                _session.Reset();
                await _sessions.ClearAsync();
                continue;
            }
            if (response.Status is < 200 or > 299)
            {
                return ThrowError<T>(response);
            }
            if (typeInfo is null)
            {
                return default!;
            }
            try
            {
                return JsonSerializer.Deserialize(response.Body, typeInfo) ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                throw new ShopApiException(status, "unexpected-response", "The shop sent an answer we could not read.", e);
            }
        }
    }

    private static T ThrowError<T>(ApiResponse response)
    {
        var status = (HttpStatusCode)response.Status;
        try
        {
            if (JsonSerializer.Deserialize(response.Body, ShopJsonContext.Default.ApiErrorBody) is { } body)
            {
                throw new ShopApiException(status, body.Error.Code, body.Error.Message);
            }
        }
        catch (JsonException)
        {
            // Not our error shape (a proxy or gateway answered): fall through to a generic message.
        }
        var message = response.Status >= 500
            ? "The shop had a problem answering. Please try again in a moment."
            : $"The shop refused the request ({response.Status}).";
        throw new ShopApiException(status, "http-" + response.Status, message);
    }

    private static async Task<T?> OrNullWhenNotFound<T>(Task<T> call) where T : class
    {
        try
        {
            return await call;
        }
        catch (ShopApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
