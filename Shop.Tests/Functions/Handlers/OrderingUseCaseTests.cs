using System.Diagnostics;
using System.Text.Json.Nodes;
using Shop.Functions;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Functions.Handlers;

/// <summary>Use case 1 of the seed, end to end through the handlers against LocalAws.</summary>
public sealed class OrderingUseCaseTests : IClassFixture<ShopStackFixture>, IDisposable
{
    private readonly ShopStackFixture _shop;

    // The shop's spans, and HttpClient's: the functions' AWS SDK calls are the client spans of the order's trace.
    private readonly SpanRecorder _recorder = new(ShopTelemetry.SourceName, "System.Net.Http");

    public OrderingUseCaseTests(ShopStackFixture shop) => _shop = shop;

    public void Dispose() => _recorder.Dispose();

    private static object Shipping => new { name = "Ada Lovelace", line1 = "1 Analytical Way", city = "London", postalCode = "N1 9GU", country = "GB" };


    private async Task<string> PlaceOrderAsync(string token, string productId = "prod-101", int quantity = 1, IReadOnlyDictionary<string, string>? headers = null)
    {
        Assert.Equal(200, (await _shop.SendAsync("POST", "/api/cart", new { productId, quantity }, token)).Status);
        var placed = await _shop.SendAsync("POST", "/api/orders", new { email = "customer@email.com", shipping = Shipping }, token, headers);
        Assert.Equal(202, placed.Status);
        return (string)placed.Body!["orderId"]!;
    }

    /// <summary>Plays the SQS event source until the queue is empty; returns the ids of messages that failed.</summary>
    private async Task<List<string>> ProcessQueueAsync()
    {
        var failed = new List<string>();
        while (true)
        {
            var (sqsEvent, messages) = await _shop.ReceiveOrderEventAsync();
            if (messages.Count == 0)
            {
                return failed;
            }
            failed.AddRange(await _shop.CompleteBatchAsync(await _shop.ProcessOrder().Handle(sqsEvent), messages));
        }
    }

    private IReadOnlyList<Shop.LocalAws.Ses.SentEmail> EmailsAbout(string orderId) =>
        _shop.SentEmails.Where(e => e.Subject.Contains(orderId, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_shopper_orders_a_product_and_the_order_is_processed_as_the_seed_tells_it()
    {
        await ProcessQueueAsync();
        // Phase 1: the catalog.
        var products = await _shop.SendAsync("GET", "/api/products?limit=100");
        Assert.Equal(200, products.Status);
        Assert.True(products.Body!["items"]!.AsArray().Count >= 40);
        var earbuds = await _shop.SendAsync("GET", "/api/products/prod-101");
        Assert.Equal(("Wireless Earbuds", 79.99m), ((string)earbuds.Body!["name"]!, (decimal)earbuds.Body["price"]!));

        // Phase 2: add to cart with the seed's own payload.
        var (userId, token) = await _shop.CreateSessionAsync();
        var cart = await _shop.SendAsync("POST", "/api/cart", new { userId, productId = "prod-101", quantity = 1 }, token);
        Assert.Equal(200, cart.Status);
        Assert.Equal(1, (int)cart.Body!["itemCount"]!);
        cart = await _shop.SendAsync("POST", "/api/cart", new { userId, productId = "prod-103", quantity = 2 }, token);
        Assert.Equal(158.99m, (decimal)cart.Body!["subtotal"]!);

        // Phase 3: place the order; the client's items are ignored, the server-side cart is the truth.
        var placed = await _shop.SendAsync("POST", "/api/orders", new
        {
            userId,
            email = "customer@email.com",
            shipping = Shipping,
            items = new[] { new { productId = "prod-101", quantity = 1, price = 0.01 } },
        }, token);
        Assert.Equal(202, placed.Status);
        Assert.Equal("Order Received", (string)placed.Body!["status"]!);
        var orderId = (string)placed.Body["orderId"]!;
        var pending = await _shop.SendAsync("GET", "/api/orders/" + orderId, token: token);
        Assert.Equal("PENDING", (string)pending.Body!["status"]!);
        Assert.Equal(158.99m, (decimal)pending.Body["total"]!);
        Assert.Null(pending.Body["invoiceUrl"]);

        // The message on OrderProcessingQueue is the seed's {orderId, userEmail} and carries the trace.
        var (sqsEvent, messages) = await _shop.ReceiveOrderEventAsync();
        var message = Assert.Single(messages);
        var body = JsonNode.Parse(message.Body)!;
        Assert.Equal(orderId, (string)body["orderId"]!);
        Assert.Equal("customer@email.com", (string)body["userEmail"]!);
        var traceparent = message.MessageAttributes["traceparent"].StringValue;
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", traceparent);

        // Phase 4: processOrder.
        var failed = await _shop.CompleteBatchAsync(await _shop.ProcessOrder().Handle(sqsEvent), messages);
        Assert.Empty(failed);

        var processed = await _shop.SendAsync("GET", "/api/orders/" + orderId, token: token);
        Assert.Equal("PROCESSED", (string)processed.Body!["status"]!);
        Assert.NotNull(processed.Body["processedAt"]);

        var email = Assert.Single(EmailsAbout(orderId));
        Assert.Equal(["customer@email.com"], email.To);
        Assert.Equal("orders@shop.example", email.From);
        Assert.Contains("Wireless Earbuds", email.Text);
        Assert.Contains("USB-C Hub", email.Text);
        Assert.Contains("158.99", email.Text);
        Assert.Contains("1 Analytical Way", email.Text);

        var invoiceUrl = new Uri((string)processed.Body["invoiceUrl"]!);
        Assert.Equal(_shop.BaseUrl.Authority, invoiceUrl.Authority);
        using var http = new HttpClient();
        var invoice = await http.GetStringAsync(invoiceUrl);
        Assert.Contains("Invoice for order: " + orderId, invoice);
        Assert.Matches(@"Wireless Earbuds\s+1\s+79\.99\s+79\.99", invoice);
        Assert.Matches(@"USB-C Hub\s+2\s+39\.50\s+79\.00", invoice);
        Assert.Matches(@"Total \(USD\)\s+3\s+158\.99", invoice);

        var emptied = await _shop.SendAsync("GET", "/api/cart", token: token);
        Assert.Empty(emptied.Body!["items"]!.AsArray());
        Assert.Equal(0m, (decimal)emptied.Body["subtotal"]!);

        // One trace: createOrder's span is the parent of the send, which is the parent of processOrder's span.
        var traceId = traceparent!.Split('-')[1];
        var consumer = Assert.Single(_recorder.Spans, a => a.TraceId.ToHexString() == traceId && a.Kind == ActivityKind.Consumer);
        Assert.Equal(traceparent.Split('-')[2], consumer.ParentSpanId.ToHexString());
        Assert.Contains(_recorder.Spans, a => a.TraceId.ToHexString() == traceId && a.DisplayName.StartsWith("CreateOrderFunction"));
        // A healthy order makes no AWS call that AWS refuses: the dashboard shows such a client span as an error.
        var awsCalls = _recorder.Spans.Where(a => a.TraceId.ToHexString() == traceId && a.Source.Name == "System.Net.Http").ToList();
        Assert.NotEmpty(awsCalls);
        Assert.Empty(awsCalls.Where(a => a.Status == ActivityStatusCode.Error).Select(a => $"{a.DisplayName} {a.GetTagItem("url.full")} {a.GetTagItem("http.response.status_code")}"));

        var list = await _shop.SendAsync("GET", "/api/orders", token: token);
        Assert.Equal(orderId, (string)Assert.Single(list.Body!["items"]!.AsArray())!["orderId"]!);
    }

    [Fact]
    public async Task Order_is_processed_once_when_the_message_is_delivered_twice()
    {
        await ProcessQueueAsync();
        var (_, token) = await _shop.CreateSessionAsync();
        var orderId = await PlaceOrderAsync(token);
        var (sqsEvent, messages) = await _shop.ReceiveOrderEventAsync();
        var copy = new MemoryStream(((MemoryStream)sqsEvent).ToArray());

        var first = await _shop.ProcessOrder().Handle(sqsEvent);
        var second = await _shop.ProcessOrder().Handle(copy);

        Assert.Empty(JsonNode.Parse(first)!["batchItemFailures"]!.AsArray());
        Assert.Empty(JsonNode.Parse(second)!["batchItemFailures"]!.AsArray());
        Assert.Single(EmailsAbout(orderId));
        Assert.Equal("PROCESSED", (string)(await _shop.SendAsync("GET", "/api/orders/" + orderId, token: token)).Body!["status"]!);
        await _shop.CompleteBatchAsync(new MemoryStream("""{"batchItemFailures":[]}"""u8.ToArray()), messages);
    }

    [Fact]
    public async Task Two_racing_deliveries_of_one_message_send_one_email_and_write_one_invoice()
    {
        await ProcessQueueAsync();
        var (_, token) = await _shop.CreateSessionAsync();
        var orderId = await PlaceOrderAsync(token);
        var (sqsEvent, messages) = await _shop.ReceiveOrderEventAsync();
        var bytes = ((MemoryStream)sqsEvent).ToArray();

        var answers = await Task.WhenAll(
            Task.Run(() => _shop.ProcessOrder().Handle(new MemoryStream(bytes))),
            Task.Run(() => _shop.ProcessOrder().Handle(new MemoryStream(bytes))));

        // At most one delivery is told to retry (the one that found the other holding the order).
        var failures = answers.Sum(a => JsonNode.Parse(a)!["batchItemFailures"]!.AsArray().Count);
        Assert.InRange(failures, 0, 1);
        await _shop.CompleteBatchAsync(new MemoryStream("""{"batchItemFailures":[]}"""u8.ToArray()), messages);
        Assert.Single(EmailsAbout(orderId));
        using var s3 = _shop.CreateS3Client();
        var invoices = await s3.ListObjectsV2Async(new() { BucketName = _shop.InvoiceBucket, Prefix = $"invoices/{orderId}" });
        Assert.Single(invoices.S3Objects);
        Assert.Equal("PROCESSED", (string)(await _shop.SendAsync("GET", "/api/orders/" + orderId, token: token)).Body!["status"]!);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_order()
    {
        var (_, token) = await _shop.CreateSessionAsync();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };

        var first = await PlaceOrderAsync(token, headers: headers);
        var retry = await _shop.SendAsync("POST", "/api/orders", new { email = "customer@email.com", shipping = Shipping }, token, headers);

        Assert.Equal(202, retry.Status);
        Assert.Equal(first, (string)retry.Body!["orderId"]!);
        Assert.Empty(await ProcessQueueAsync());
        Assert.Single(EmailsAbout(first));
        Assert.Single((await _shop.SendAsync("GET", "/api/orders", token: token)).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task Two_concurrent_adds_to_one_cart_line_both_count()
    {
        var (_, token) = await _shop.CreateSessionAsync();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => _shop.SendAsync("POST", "/api/cart", new { productId = "prod-205", quantity = 1 }, token))));

        var cart = await _shop.SendAsync("GET", "/api/cart", token: token);
        Assert.Equal(6, (int)cart.Body!["items"]![0]!["quantity"]!);
        Assert.Equal(6 * 47.50m, (decimal)cart.Body["subtotal"]!);
    }

    [Fact]
    public async Task Another_users_order_is_not_found()
    {
        var (_, alice) = await _shop.CreateSessionAsync();
        var (_, bob) = await _shop.CreateSessionAsync();
        var orderId = await PlaceOrderAsync(alice);

        var peek = await _shop.SendAsync("GET", "/api/orders/" + orderId, token: bob);

        Assert.Equal((404, "not_found"), (peek.Status, peek.ErrorCode));
        Assert.Empty((await _shop.SendAsync("GET", "/api/orders", token: bob)).Body!["items"]!.AsArray());
        await ProcessQueueAsync();
    }

    [Fact]
    public async Task Products_of_a_category_are_paged_by_cursor_in_product_id_order()
    {
        var first = await _shop.SendAsync("GET", "/api/products?category=Books&limit=5");
        var second = await _shop.SendAsync("GET", "/api/products?category=Books&limit=5&cursor=" + Uri.EscapeDataString((string)first.Body!["nextCursor"]!));

        var ids = first.Body["items"]!.AsArray().Concat(second.Body!["items"]!.AsArray()).Select(p => (string)p!["productId"]!).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"prod-2{i:00}"), ids);
        Assert.All(ids, id => Assert.StartsWith("prod-2", id));
        Assert.Equal("public, max-age=60", first.Headers["cache-control"]);
    }
}
