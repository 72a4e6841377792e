using System.Text.Json.Nodes;

namespace Shop.Tests.Functions.Handlers;

/// <summary>Every documented refusal: its status, its <c>{error:{code, message}}</c> body, and that nothing was written.</summary>
public sealed class ApiErrorTests(ShopStackFixture shop) : IClassFixture<ShopStackFixture>
{
    private static readonly object Shipping = new { name = "Ada", line1 = "1 Way", city = "London", postalCode = "N1", country = "GB" };


    private async Task<JsonArray> CartItemsAsync(string token) =>
        (await shop.SendAsync("GET", "/api/cart", token: token)).Body!["items"]!.AsArray();

    private static void AssertError(ApiResult result, int status, string code)
    {
        Assert.Equal((status, code), (result.Status, result.ErrorCode));
        Assert.False(string.IsNullOrWhiteSpace((string?)result.Body!["error"]!["message"]));
    }

    [Theory]
    [InlineData("GET", "/api/cart")]
    [InlineData("POST", "/api/cart")]
    [InlineData("DELETE", "/api/cart/items/prod-101")]
    [InlineData("POST", "/api/orders")]
    [InlineData("GET", "/api/orders")]
    [InlineData("GET", "/api/orders/order-x")]
    [InlineData("POST", "/api/events")]
    [InlineData("GET", "/api/recommendations")]
    public async Task Every_private_route_needs_a_session_token(string method, string path)
    {
        var result = await shop.SendAsync(method, path, method == "GET" ? null : new { });

        AssertError(result, 401, "unauthorized");
        Assert.Equal("Bearer", result.Headers["www-authenticate"]);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("user-aaaaaaaaaaaaaaaaaaaaaaaaaa.9999999999.forged")]
    public async Task A_forged_token_is_refused(string token) =>
        AssertError(await shop.SendAsync("GET", "/api/cart", token: token), 401, "invalid_token");

    [Fact]
    public async Task A_user_id_other_than_the_sessions_is_forbidden_and_adds_nothing()
    {
        var (_, token) = await shop.CreateSessionAsync();

        AssertError(await shop.SendAsync("POST", "/api/cart", new { userId = "user-abc", productId = "prod-101", quantity = 1 }, token), 403, "forbidden");
        AssertError(await shop.SendAsync("GET", "/api/recommendations?userId=user-abc", token: token), 403, "forbidden");
        AssertError(await shop.SendAsync("POST", "/api/events", new { userId = "user-abc", productId = "prod-101", eventType = "product-view" }, token), 403, "forbidden");
        Assert.Empty(await CartItemsAsync(token));
    }

    [Fact]
    public async Task Malformed_bodies_are_400()
    {
        var (_, token) = await shop.CreateSessionAsync();

        AssertError(await shop.SendAsync("POST", "/api/cart", "{not json", token), 400, "malformed_json");
        AssertError(await shop.SendAsync("POST", "/api/cart", """{"productId":"prod-101","quantity":"one"}""", token), 400, "malformed_json");
        AssertError(await shop.SendAsync("POST", "/api/orders", "", token), 400, "missing_body");
        AssertError(await shop.SendAsync("GET", "/api/products?limit=ten"), 400, "invalid_limit");
        AssertError(await shop.SendAsync("GET", "/api/products?cursor=bm90LWEtY3Vyc29y"), 400, "invalid_cursor");
        Assert.Empty(await CartItemsAsync(token));
    }

    [Fact]
    public async Task Unknown_things_are_404()
    {
        var (_, token) = await shop.CreateSessionAsync();

        AssertError(await shop.SendAsync("GET", "/api/products/prod-999"), 404, "not_found");
        AssertError(await shop.SendAsync("GET", "/api/orders/order-doesnotexist", token: token), 404, "not_found");
    }

    [Fact]
    public async Task Ordering_with_an_empty_cart_is_409_and_writes_no_order()
    {
        var (_, token) = await shop.CreateSessionAsync();

        AssertError(await shop.SendAsync("POST", "/api/orders", new { email = "a@b.example", shipping = Shipping }, token), 409, "cart_empty");
        Assert.Empty((await shop.SendAsync("GET", "/api/orders", token: token)).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task More_than_the_stock_is_409_and_the_line_keeps_its_quantity()
    {
        var (_, token) = await shop.CreateSessionAsync();
        // prod-502 (Adjustable Dumbbells) has 8 in stock.
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-502", quantity = 6 }, token);

        AssertError(await shop.SendAsync("POST", "/api/cart", new { productId = "prod-502", quantity = 3 }, token), 409, "insufficient_stock");
        Assert.Equal(6, (int)(await CartItemsAsync(token))[0]!["quantity"]!);
    }

    [Fact]
    public async Task A_body_over_16_KiB_is_413()
    {
        var (_, token) = await shop.CreateSessionAsync();

        AssertError(await shop.SendAsync("POST", "/api/events", new { productId = new string('x', 17 * 1024), eventType = "product-view" }, token), 413, "payload_too_large");
    }

    [Fact]
    public async Task Valid_json_with_invalid_values_is_422_and_changes_nothing()
    {
        var (_, token) = await shop.CreateSessionAsync();

        AssertError(await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101", quantity = 0 }, token), 422, "invalid_quantity");
        AssertError(await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101" }, token), 422, "invalid_quantity");
        AssertError(await shop.SendAsync("POST", "/api/cart", new { productId = "prod-nope", quantity = 1 }, token), 422, "unknown_product");
        AssertError(await shop.SendAsync("POST", "/api/events", new { productId = "prod-101", eventType = "purchase" }, token), 422, "invalid_event_type");
        AssertError(await shop.SendAsync("POST", "/api/events", new { productId = "prod-101", eventType = "product-view", productType = "Books" }, token), 422, "invalid_product_type");
        AssertError(await shop.SendAsync("GET", "/api/products?limit=0"), 422, "invalid_limit");
        Assert.Empty(await CartItemsAsync(token));

        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101", quantity = 1 }, token);
        AssertError(await shop.SendAsync("POST", "/api/orders", new { email = "nope", shipping = Shipping }, token), 422, "invalid_email");
        AssertError(await shop.SendAsync("POST", "/api/orders", new { email = "a@b.example" }, token), 422, "invalid_shipping");
        Assert.Empty((await shop.SendAsync("GET", "/api/orders", token: token)).Body!["items"]!.AsArray());
        var recommendations = await shop.SendAsync("GET", "/api/recommendations", token: token);
        Assert.Null(recommendations.Body!["basedOn"]);
    }

    [Fact]
    public async Task Removing_a_line_returns_the_cart_without_it()
    {
        var (_, token) = await shop.CreateSessionAsync();
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101", quantity = 1 }, token);
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-401", quantity = 2 }, token);

        var cart = await shop.SendAsync("DELETE", "/api/cart/items/prod-101", token: token);

        Assert.Equal(200, cart.Status);
        Assert.Equal("prod-401", (string)Assert.Single(cart.Body!["items"]!.AsArray())!["productId"]!);
        Assert.Equal(68.00m, (decimal)cart.Body["subtotal"]!);
    }

    /// <summary>
    /// Ids longer than any that can exist are unknown, as shorter unknown ids are. Asked of DynamoDB they would break its
    /// key limits (2,048 bytes for a partition key, 1,024 for a sort key such as a cart line's product id) and be 500s.
    /// </summary>
    [Theory]
    [InlineData(129)]
    [InlineData(1_500)]
    [InlineData(3_000)]
    public async Task Ids_too_long_to_exist_are_unknown_not_server_errors(int length)
    {
        var (userId, token) = await shop.CreateSessionAsync();
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101", quantity = 1 }, token);
        var id = new string('x', length);

        AssertError(await shop.SendAsync("GET", "/api/products/" + id), 404, "not_found");
        AssertError(await shop.SendAsync("GET", "/api/orders/order-" + id, token: token), 404, "not_found");
        AssertError(await shop.SendAsync("POST", "/api/cart", new { userId, productId = id, quantity = 1 }, token), 422, "unknown_product");
        AssertError(await shop.SendAsync("POST", "/api/events", new { userId, productId = id, eventType = "product-view" }, token), 422, "unknown_product");
        var removed = await shop.SendAsync("DELETE", "/api/cart/items/" + id, token: token);

        Assert.Equal(200, removed.Status);
        Assert.Equal("prod-101", (string)Assert.Single(removed.Body!["items"]!.AsArray())!["productId"]!);
        Assert.Null((await shop.SendAsync("GET", "/api/recommendations", token: token)).Body!["basedOn"]);
    }
}
