using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Tests.Web;

/// <summary>
/// An in-memory stand-in for the shop's HTTP API (issue 4, section 3) for component tests: it keeps sessions, carts
/// and orders and answers with the API's status codes and error shape, so the components are tested against behaviour,
/// not canned successes. Orders stay PENDING until <see cref="ProcessOrder"/> or <see cref="ProcessAfterReads"/> moves them.
/// </summary>
public sealed class FakeShopApi : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, string> _userByToken = new();
    private readonly ConcurrentDictionary<string, List<(string ProductId, int Quantity)>> _carts = new();
    private readonly ConcurrentDictionary<string, FakeOrder> _orders = new();
    private readonly ConcurrentDictionary<string, string> _orderByIdempotencyKey = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private int _nextId;

    public List<JsonObject> Products { get; } = [];

    /// <summary>When true, every request fails as if the network or the API were down.</summary>
    public bool Unreachable { get; set; }

    /// <summary>The next N order reads answer 503, as a gateway does when a function fails.</summary>
    public int FailNextOrderReads { get; set; }

    /// <summary>An order reaches PROCESSED on this read of it (0 = only when <see cref="ProcessOrder"/> is called).</summary>
    public int ProcessAfterReads { get; set; }

    /// <summary>"METHOD /path" of every request that reached the API, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public List<string> IdempotencyKeysSeen { get; } = [];

    public int SessionsCreated => _userByToken.Count;

    public static FakeShopApi WithCatalog()
    {
        var api = new FakeShopApi();
        string[] categories = ["Books", "Electronics", "Toys"];
        for (var c = 0; c < categories.Length; c++)
        {
            for (var i = 1; i <= 5; i++)
            {
                api.Products.Add(new JsonObject
                {
                    ["productId"] = $"prod-{c + 1}0{i}",
                    ["name"] = $"{categories[c]} item {i}",
                    ["description"] = $"A fine {categories[c].ToLowerInvariant()} thing.",
                    ["price"] = 10m * i + 0.99m,
                    ["currency"] = "USD",
                    ["productType"] = categories[c],
                    ["imageUrl"] = $"/images/products/prod-{c + 1}0{i}.svg",
                    ["stock"] = i == 5 ? 0 : 10,
                });
            }
        }
        return api;
    }

    public void ProcessOrder(string orderId, string status = "PROCESSED") => _orders[orderId].Status = status;

    public IReadOnlyCollection<string> OrdersOf(string userId) => [.. _orders.Values.Where(o => o.UserId == userId).Select(o => o.OrderId)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            throw new HttpRequestException("Connection refused (fake)");
        }
        var path = request.RequestUri!.AbsolutePath;
        Assert.StartsWith("/api/", path); // the app must call the API relative to its own origin
        var route = path["/api".Length..];
        _requests.Enqueue($"{request.Method} {route}");
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
        var segments = route.Trim('/').Split('/');

        if (request.Method == HttpMethod.Post && route == "/sessions")
        {
            var userId = "user-" + Interlocked.Increment(ref _nextId);
            var token = "token-" + Guid.NewGuid().ToString("N");
            _userByToken[token] = userId;
            return Json(HttpStatusCode.Created, new JsonObject { ["userId"] = userId, ["token"] = token });
        }
        if (request.Method == HttpMethod.Get && segments is ["products"])
        {
            return ListProducts(query["category"], query["limit"], query["cursor"]);
        }
        if (request.Method == HttpMethod.Get && segments is ["products", var productId])
        {
            var product = Find(productId);
            return product is null ? Error(HttpStatusCode.NotFound, "not_found", "No such product.") : Json(HttpStatusCode.OK, product.DeepClone());
        }

        var auth = request.Headers.Authorization;
        if (auth is not { Scheme: "Bearer" } || !_userByToken.TryGetValue(auth.Parameter ?? "", out var user))
        {
            return Error(HttpStatusCode.Unauthorized, "unauthorized", "A valid session token is required.");
        }
        return (request.Method.Method, segments) switch
        {
            ("GET", ["cart"]) => CartOf(user),
            ("POST", ["cart"]) => AddToCart(user, body),
            ("DELETE", ["cart", "items", var removedId]) => RemoveFromCart(user, removedId),
            ("POST", ["orders"]) => PlaceOrder(user, body, request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null),
            ("GET", ["orders"]) => Json(HttpStatusCode.OK, new JsonObject
            {
                ["items"] = new JsonArray([.. _orders.Values.Where(o => o.UserId == user).Select(o => o.ToJson())]),
            }),
            ("GET", ["orders", var orderId]) => ReadOrder(user, orderId),
            ("POST", ["events"]) => Json(HttpStatusCode.Accepted, new JsonObject()),
            ("GET", ["recommendations"]) => Json(HttpStatusCode.OK, new JsonObject
            {
                ["basedOn"] = null,
                ["items"] = new JsonArray([.. Products.OrderByDescending(p => (int)p["stock"]!).Take(4).Select(p => p.DeepClone())]),
            }),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"message":"Not Found"}""", Encoding.UTF8, "application/json") },
        };
    }

    private HttpResponseMessage ListProducts(string? category, string? limitText, string? cursor)
    {
        var limit = limitText is null ? 20 : int.Parse(limitText, System.Globalization.CultureInfo.InvariantCulture);
        if (limit is < 1 or > 100) return Error(HttpStatusCode.UnprocessableEntity, "invalid_limit", "limit must be 1 to 100.");
        var matching = Products.Where(p => category is null || (string)p["productType"]! == category).ToList();
        var start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var page = matching.Skip(start).Take(limit).ToList();
        var next = start + page.Count < matching.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Json(HttpStatusCode.OK, new JsonObject { ["items"] = new JsonArray([.. page.Select(p => p.DeepClone())]), ["nextCursor"] = next });
    }

    private JsonObject? Find(string productId) => Products.FirstOrDefault(p => (string)p["productId"]! == productId);

    private HttpResponseMessage AddToCart(string user, string? body)
    {
        var json = JsonNode.Parse(body ?? "null") as JsonObject;
        if (json?["productId"]?.GetValue<string>() is not { } productId || json["quantity"]?.GetValue<int>() is not { } quantity)
            return Error(HttpStatusCode.BadRequest, "malformed", "productId and quantity are required.");
        var product = Find(productId);
        if (product is null) return Error(HttpStatusCode.NotFound, "not_found", "No such product.");
        if (quantity < 1) return Error(HttpStatusCode.UnprocessableEntity, "invalid_quantity", "quantity must be at least 1.");
        var cart = _carts.GetOrAdd(user, _ => []);
        var existing = cart.FindIndex(l => l.ProductId == productId);
        var newQuantity = quantity + (existing >= 0 ? cart[existing].Quantity : 0);
        if (newQuantity > (int)product["stock"]!)
            return Error(HttpStatusCode.Conflict, "out_of_stock", $"Only {(int)product["stock"]!} of {(string)product["name"]!} in stock.");
        if (existing >= 0) cart[existing] = (productId, newQuantity);
        else cart.Add((productId, newQuantity));
        return CartOf(user);
    }

    private HttpResponseMessage RemoveFromCart(string user, string productId)
    {
        _carts.GetOrAdd(user, _ => []).RemoveAll(l => l.ProductId == productId);
        return CartOf(user);
    }

    private JsonArray Lines(string user) => new([.. _carts.GetOrAdd(user, _ => []).Select(line =>
    {
        var product = Find(line.ProductId)!;
        var price = (decimal)product["price"]!;
        return (JsonNode)new JsonObject
        {
            ["productId"] = line.ProductId,
            ["name"] = (string)product["name"]!,
            ["unitPrice"] = price,
            ["quantity"] = line.Quantity,
            ["lineTotal"] = price * line.Quantity,
        };
    })]);

    private HttpResponseMessage CartOf(string user)
    {
        var lines = Lines(user);
        return Json(HttpStatusCode.OK, new JsonObject
        {
            ["items"] = lines,
            ["itemCount"] = lines.Sum(l => (int)l!["quantity"]!),
            ["subtotal"] = lines.Sum(l => (decimal)l!["lineTotal"]!),
        });
    }

    private HttpResponseMessage PlaceOrder(string user, string? body, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
        {
            lock (IdempotencyKeysSeen) IdempotencyKeysSeen.Add(idempotencyKey);
            if (_orderByIdempotencyKey.TryGetValue(user + "/" + idempotencyKey, out var existing))
                return Json(HttpStatusCode.Accepted, new JsonObject { ["orderId"] = existing, ["status"] = "Order Received" });
        }
        var json = JsonNode.Parse(body ?? "null") as JsonObject;
        var email = json?["email"]?.GetValue<string>();
        if (email is null || !email.Contains('@') || json!["shipping"] is not JsonObject)
            return Error(HttpStatusCode.UnprocessableEntity, "invalid_order", "email and shipping are required.");
        var lines = Lines(user);
        if (lines.Count == 0) return Error(HttpStatusCode.Conflict, "cart_empty", "Your cart is empty.");
        var order = new FakeOrder
        {
            OrderId = "order-" + Interlocked.Increment(ref _nextId),
            UserId = user,
            Items = lines,
            Total = lines.Sum(l => (decimal)l!["lineTotal"]!),
        };
        _orders[order.OrderId] = order;
        if (idempotencyKey is not null) _orderByIdempotencyKey[user + "/" + idempotencyKey] = order.OrderId;
        return Json(HttpStatusCode.Accepted, new JsonObject { ["orderId"] = order.OrderId, ["status"] = "Order Received" });
    }

    private HttpResponseMessage ReadOrder(string user, string orderId)
    {
        if (FailNextOrderReads > 0)
        {
            FailNextOrderReads--;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("""{"message":"Service Unavailable"}""", Encoding.UTF8, "application/json") };
        }
        if (!_orders.TryGetValue(orderId, out var order) || order.UserId != user)
            return Error(HttpStatusCode.NotFound, "not_found", "No such order.");
        order.Reads++;
        if (ProcessAfterReads > 0 && order.Reads >= ProcessAfterReads && order.Status == "PENDING")
        {
            order.Status = "PROCESSED";
        }
        if (order.Status == "PROCESSED") _carts.TryRemove(user, out _);
        return Json(HttpStatusCode.OK, order.ToJson());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private sealed class FakeOrder
    {
        public required string OrderId { get; init; }
        public required string UserId { get; init; }
        public required JsonArray Items { get; init; }
        public required decimal Total { get; init; }
        public string Status { get; set; } = "PENDING";
        public int Reads { get; set; }

        public JsonObject ToJson() => new()
        {
            ["orderId"] = OrderId,
            ["status"] = Status,
            ["items"] = Items.DeepClone(),
            ["total"] = Total,
            ["createdAt"] = "2026-11-25T09:00:00Z",
            ["processedAt"] = Status == "PROCESSED" ? "2026-11-25T09:00:02Z" : null,
            ["invoiceUrl"] = Status == "PROCESSED" ? $"http://localhost/invoices/{OrderId}.txt?X-Amz-Signature=abc" : null,
            ["failureReason"] = Status == "FAILED" ? "The confirmation email could not be sent." : null,
        };
    }
}
