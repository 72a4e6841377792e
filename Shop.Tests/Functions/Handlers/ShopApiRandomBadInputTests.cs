using System.Text.Json.Nodes;

namespace Shop.Tests.Functions.Handlers;

/// <summary>
/// Random bad requests to every route of the shop's HTTP API (a body member replaced or removed, an unreadable body, odd
/// query parameters, ids and tokens) must each be answered with a 4xx, never a server error. Fuzzing the running shop
/// this way found ids longer than DynamoDB's key limits answered with 500s; this test keeps the property.
/// </summary>
public sealed class ShopApiRandomBadInputTests(ShopStackFixture shop) : IClassFixture<ShopStackFixture>
{
    private const int Cases = 400;

    private static readonly string[] OddJsonValues =
    [
        "null", "true", "-1", "0", "1.5", "1e308", "99999999999999999999", "\"\"", "{}", "[]", "[null]", "\"a\"", "\"\\u0000\"",
        "\"\\ud83d\"", "\"prod-101\"", "\"x@\"", Quoted(new string('x', 129)), Quoted(new string('x', 1_100)),
        Quoted(new string('x', 3_000)), Quoted(new string('é', 1_500)),
    ];

    private static readonly string[] OddBodies = ["{", "[1,2", "\"x\"", "null", "{\"a\":" + new string('[', 3_000), "{\"quantity\":1,\"quantity\":2}", "\u0000"];

    private static readonly string[] OddQueries =
    [
        "limit=abc", "limit=-5", "limit=0", "limit=100000", "limit=1.5", "category=", "category=" + new string('x', 3_000),
        "category=%00", "cursor=!!!", "cursor=eyJ9", "cursor=" + new string('A', 3_000), "cursor=eyJwcm9kdWN0SWQiOiJ4In0",
        "userId=other", "userId=", "%00=%00",
    ];

    private static readonly string[] OddIds = ["", "..", "%00", "x%2Fy", new string('x', 129), new string('x', 1_100), new string('x', 3_000), string.Concat(Enumerable.Repeat("%C3%A9", 700))];

    private static string Quoted(string text) => "\"" + text + "\"";

    [Fact]
    public async Task Random_bad_requests_are_answered_with_a_4xx_never_a_server_error()
    {
        var random = new Random(20261206);
        var (userId, token) = await shop.CreateSessionAsync();
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-101", quantity = 1 }, token);
        var shipping = new JsonObject { ["name"] = "Ada", ["line1"] = "1 Way", ["city"] = "London", ["postalCode"] = "N1", ["country"] = "GB" };
        (string Method, string Path, JsonObject? Body)[] requests =
        [
            ("GET", "/api/products?limit=3", null),
            ("GET", "/api/products?category=Electronics&limit=2", null),
            ("GET", "/api/products/{id}", null),
            ("GET", "/api/cart", null),
            ("POST", "/api/cart", new JsonObject { ["userId"] = userId, ["productId"] = "prod-101", ["quantity"] = 1 }),
            ("DELETE", "/api/cart/items/{id}", null),
            ("POST", "/api/orders", new JsonObject { ["email"] = "you@example.com", ["shipping"] = shipping }),
            ("GET", "/api/orders", null),
            ("GET", "/api/orders/{id}", null),
            ("POST", "/api/events", new JsonObject { ["userId"] = userId, ["productId"] = "prod-101", ["eventType"] = "product-view", ["productType"] = "Electronics" }),
            ("GET", "/api/recommendations?userId=" + userId, null),
            ("POST", "/api/sessions", null),
        ];
        var failures = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var (method, path, body) = requests[random.Next(requests.Length)];
            var bodyText = body?.ToJsonString();
            var requestToken = token;
            path = path.Replace("{id}", random.Next(3) == 0 ? OddIds[random.Next(OddIds.Length)] : "prod-101", StringComparison.Ordinal);
            switch (random.Next(4))
            {
                case 0 when body is not null:
                    bodyText = Mutate(body, random).ToJsonString();
                    break;
                case 1:
                    bodyText = OddBodies[random.Next(OddBodies.Length)];
                    break;
                case 2:
                    path = path.Split('?')[0] + "?" + OddQueries[random.Next(OddQueries.Length)];
                    break;
                case 3:
                    requestToken = random.Next(4) switch
                    {
                        0 => null,
                        1 => "x.y.z",
                        2 => token[..^3] + "abc",
                        _ => new string('t', 300),
                    };
                    break;
            }
            var result = await shop.SendAsync(method, path, bodyText, requestToken);
            if (result.Status >= 500)
            {
                failures.Add($"{result.Status} {method} {path[..Math.Min(path.Length, 100)]} {bodyText?[..Math.Min(bodyText.Length, 100)]}: {result.Body?.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>One member of the body, at any depth, replaced by an odd value or removed.</summary>
    private static JsonObject Mutate(JsonObject body, Random random)
    {
        var copy = (JsonObject)body.DeepClone();
        var members = new List<(JsonObject Parent, string Name)>();
        void Collect(JsonObject node)
        {
            foreach (var (name, value) in node)
            {
                members.Add((node, name));
                if (value is JsonObject child)
                {
                    Collect(child);
                }
            }
        }
        Collect(copy);
        var (parent, member) = members[random.Next(members.Count)];
        if (random.Next(3) == 0)
        {
            parent.Remove(member);
        }
        else
        {
            parent[member] = JsonNode.Parse(OddJsonValues[random.Next(OddJsonValues.Length)]);
        }
        return copy;
    }
}
