using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Web.Services;

/// <summary>
/// Typed client of the shop's HTTP API. Its HttpClient's base address ends in <c>/api/</c> relative to the page's origin,
/// so the same build works behind http://localhost:8080 and behind CloudFront.
/// </summary>
public sealed class ShopApiClient
{
    private readonly HttpClient _http;
    private readonly SessionStore _sessions;
    private readonly SharedLoad<GuestSession> _session;

    public ShopApiClient(HttpClient http, SessionStore sessions)
    {
        _http = http;
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
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ShopJsonContext.Default.ProductPage, authorized: false, ct);
    }

    public Task<Product?> GetProductAsync(string productId, CancellationToken ct = default) =>
        OrNullWhenNotFound(SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "products/" + Uri.EscapeDataString(productId)),
            ShopJsonContext.Default.Product, authorized: false, ct));

    public Task<Cart> GetCartAsync(CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "cart"), ShopJsonContext.Default.Cart, authorized: true, ct);

    public Task<Cart> AddToCartAsync(string productId, int quantity, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "cart")
        {
            Content = JsonBody(new AddToCartRequest { ProductId = productId, Quantity = quantity }, ShopJsonContext.Default.AddToCartRequest),
        }, ShopJsonContext.Default.Cart, authorized: true, ct);

    public Task<Cart> RemoveFromCartAsync(string productId, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, "cart/items/" + Uri.EscapeDataString(productId)),
            ShopJsonContext.Default.Cart, authorized: true, ct);

    /// <summary>Places the order for the session's cart. Retrying with the same key returns the same order.</summary>
    public Task<OrderReceipt> PlaceOrderAsync(PlaceOrderRequest request, string idempotencyKey, CancellationToken ct = default) =>
        SendAsync(() =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "orders")
            {
                Content = JsonBody(request, ShopJsonContext.Default.PlaceOrderRequest),
            };
            message.Headers.Add("Idempotency-Key", idempotencyKey);
            return message;
        }, ShopJsonContext.Default.OrderReceipt, authorized: true, ct);

    public Task<Order?> GetOrderAsync(string orderId, CancellationToken ct = default) =>
        OrNullWhenNotFound(SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "orders/" + Uri.EscapeDataString(orderId)),
            ShopJsonContext.Default.Order, authorized: true, ct));

    public async Task<IReadOnlyList<Order>> GetOrdersAsync(CancellationToken ct = default)
    {
        var json = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "orders"), ShopJsonContext.Default.JsonElement, authorized: true, ct);
        // The list may come bare or wrapped as {items:[...]}; accept both rather than break on a shape detail.
        if (json.ValueKind == JsonValueKind.Array)
        {
            return json.Deserialize(ShopJsonContext.Default.ListOrder) ?? [];
        }
        foreach (var name in (string[])["items", "orders"])
        {
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                return list.Deserialize(ShopJsonContext.Default.ListOrder) ?? [];
            }
        }
        throw new ShopApiException(HttpStatusCode.OK, "unexpected-response", "The shop sent an order list we could not read.");
    }

    /// <summary>Records that the shopper looked at a product (the recommendation signal).</summary>
    public Task TrackProductViewAsync(Product product, CancellationToken ct = default) =>
        SendAsync<bool>(() => new HttpRequestMessage(HttpMethod.Post, "events")
        {
            Content = JsonBody(new ProductViewEvent { ProductId = product.ProductId, ProductType = product.ProductType },
                ShopJsonContext.Default.ProductViewEvent),
        }, typeInfo: null, authorized: true, ct);

    public Task<Recommendations> GetRecommendationsAsync(CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "recommendations"), ShopJsonContext.Default.Recommendations, authorized: true, ct);

    private async Task<GuestSession> LoadOrCreateSessionAsync()
    {
        var stored = await _sessions.LoadAsync();
        if (stored is not null) return stored;
        var created = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "sessions"),
            ShopJsonContext.Default.GuestSession, authorized: false, CancellationToken.None);
        await _sessions.SaveAsync(created);
        return created;
    }

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> createRequest, JsonTypeInfo<T>? typeInfo, bool authorized, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = createRequest();
            if (authorized)
            {
                var session = await GetSessionAsync();
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                throw ShopApiException.Unreachable(e);
            }

            using (response)
            {
                // A guest token expires; a fresh guest session is the only way forward (the old cart is gone with it).
                if (response.StatusCode == HttpStatusCode.Unauthorized && authorized && attempt == 0)
                {
                    _session.Reset();
                    await _sessions.ClearAsync();
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw await ReadErrorAsync(response, ct);
                }
                if (typeInfo is null)
                {
                    return default!;
                }
                try
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(ct);
                    return await JsonSerializer.DeserializeAsync(stream, typeInfo, ct)
                        ?? throw new JsonException("empty body");
                }
                catch (JsonException e)
                {
                    throw new ShopApiException(response.StatusCode, "unexpected-response", "The shop sent an answer we could not read.", e);
                }
            }
        }
    }

    private static async Task<ShopApiException> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var body = await JsonSerializer.DeserializeAsync(stream, ShopJsonContext.Default.ApiErrorBody, ct);
            if (body is not null)
            {
                return new ShopApiException(response.StatusCode, body.Error.Code, body.Error.Message);
            }
        }
        catch (JsonException)
        {
            // Not our error shape (a proxy or gateway answered): fall through to a generic message.
        }
        var status = (int)response.StatusCode;
        var message = status >= 500
            ? "The shop had a problem answering. Please try again in a moment."
            : $"The shop refused the request ({status}).";
        return new ShopApiException(response.StatusCode, "http-" + status, message);
    }

    // Serialized up front (not System.Net.Http.Json's streaming content): one assembly fewer for the browser to download.
    private static ByteArrayContent JsonBody<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
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
