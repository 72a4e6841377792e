using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;

namespace Shop.Tests.EndToEnd;

/// <summary>Both use cases of the seed, through the local origin's /api, with the real functions in their own processes.</summary>
[Collection(nameof(ShopOverHttpTests))]
public class ShopOverHttpTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private static readonly object Shipping = new { name = "Ada Lovelace", line1 = "12 Analytical Row", city = "London", postalCode = "N1 9GU", country = "GB" };

    [Fact]
    public async Task Use_case_1_an_order_placed_through_the_api_is_processed_emailed_invoiced_and_the_cart_cleared()
    {
        using var shopper = await shop.NewShopperAsync();

        var products = await shopper.GetFromJsonAsync<JsonObject>("/api/products?limit=5");
        var product = products!["items"]![0]!;
        var productId = product["productId"]!.GetValue<string>();
        var price = product["price"]!.GetValue<decimal>();

        var cart = await (await shopper.PostAsJsonAsync("/api/cart", new { productId, quantity = 2 })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, cart!["itemCount"]!.GetValue<int>());

        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var placed = await shopper.PostAsJsonAsync("/api/orders", new { email, shipping = Shipping });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var receipt = await placed.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Order Received", receipt!["status"]!.GetValue<string>());
        var orderId = receipt["orderId"]!.GetValue<string>();

        var order = await WaitForStatusAsync(shopper, orderId, "PROCESSED");
        Assert.Equal(price * 2, order["total"]!.GetValue<decimal>());

        var sent = (await shop.SentEmailsAsync()).Where(e => e!["destination"]!["to"]!.AsArray().Any(t => t!.GetValue<string>() == email)).ToList();
        var confirmation = Assert.Single(sent)!;
        var text = confirmation["body"]!["text"]?.GetValue<string>() ?? confirmation["body"]!["html"]!.GetValue<string>();
        Assert.Contains(orderId, confirmation["subject"]!.GetValue<string>() + text, StringComparison.Ordinal);

        using var anonymous = new HttpClient();
        var invoice = await anonymous.GetStringAsync(order["invoiceUrl"]!.GetValue<string>());
        Assert.Contains(orderId, invoice, StringComparison.Ordinal);
        Assert.Contains((price * 2).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), invoice, StringComparison.Ordinal);

        var emptied = await shopper.GetFromJsonAsync<JsonObject>("/api/cart");
        Assert.Equal(0, emptied!["itemCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Use_case_2_views_in_several_categories_recommend_the_most_viewed_category()
    {
        using var shopper = await shop.NewShopperAsync();
        var items = (await shopper.GetFromJsonAsync<JsonObject>("/api/products?limit=100"))!["items"]!.AsArray();
        var categories = items.Select(i => i!["productType"]!.GetValue<string>()).Distinct().Take(2).ToList();
        var (top, other) = (categories[0], categories[1]);

        foreach (var (category, views) in new[] { (top, 3), (other, 1) })
        {
            var product = items.First(i => i!["productType"]!.GetValue<string>() == category)!;
            for (var view = 0; view < views; view++)
            {
                var tracked = await shopper.PostAsJsonAsync("/api/events", new { productId = product["productId"]!.GetValue<string>(), eventType = "product-view", productType = category });
                Assert.Equal(HttpStatusCode.Accepted, tracked.StatusCode);
            }
        }

        var recommendations = await shopper.GetFromJsonAsync<JsonObject>("/api/recommendations");
        Assert.Equal(top, recommendations!["basedOn"]!.GetValue<string>());
        Assert.NotEmpty(recommendations["items"]!.AsArray());
        Assert.All(recommendations["items"]!.AsArray(), i => Assert.Equal(top, i!["productType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_order_message_delivered_twice_and_racing_sends_one_email()
    {
        using var shopper = await shop.NewShopperAsync();
        var productId = (await shopper.GetFromJsonAsync<JsonObject>("/api/products?limit=1"))!["items"]![0]!["productId"]!.GetValue<string>();
        (await shopper.PostAsJsonAsync("/api/cart", new { productId, quantity = 1 })).EnsureSuccessStatusCode();
        var email = $"twice-{Guid.NewGuid():N}@example.com";
        var receipt = await (await shopper.PostAsJsonAsync("/api/orders", new { email, shipping = Shipping })).Content.ReadFromJsonAsync<JsonObject>();
        var orderId = receipt!["orderId"]!.GetValue<string>();

        // The same message twice more, at once, as an at-least-once queue may deliver it.
        var sqs = shop.CreateSqsClient();
        var queueUrl = (await sqs.GetQueueUrlAsync(shop.QueueName("OrderProcessingQueue"))).QueueUrl;
        var body = JsonSerializer.Serialize(new { orderId, userEmail = email });
        await Task.WhenAll(sqs.SendMessageAsync(queueUrl, body), sqs.SendMessageAsync(queueUrl, body));

        await WaitForStatusAsync(shopper, orderId, "PROCESSED");
        await WaitUntilQueueIsEmptyAsync(queueUrl);
        var sent = (await shop.SentEmailsAsync()).Count(e => e!["destination"]!["to"]!.AsArray().Any(t => t!.GetValue<string>() == email));
        Assert.Equal(1, sent);
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_dead_letter_queue()
    {
        var sqs = shop.CreateSqsClient();
        var queueUrl = (await sqs.GetQueueUrlAsync(shop.QueueName("OrderProcessingQueue"))).QueueUrl;
        var dlqUrl = (await sqs.GetQueueUrlAsync(shop.QueueName("OrderProcessingDeadLetterQueue"))).QueueUrl;
        // The template's 180 s visibility timeout would make five deliveries take a quarter of an hour.
        await sqs.SetQueueAttributesAsync(queueUrl, new Dictionary<string, string> { ["VisibilityTimeout"] = "2" });
        try
        {
            // LocalAws's SQS fixes a receive's visibility when its long poll starts; let the pollers' current 20 s polls end.
            await Task.Delay(TimeSpan.FromSeconds(21));
            var poison = "poison-" + Guid.NewGuid();
            await sqs.SendMessageAsync(queueUrl, poison);

            var until = DateTime.UtcNow.AddMinutes(3);
            Message? dead = null;
            while (dead is null && DateTime.UtcNow < until)
            {
                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, WaitTimeSeconds = 2, MaxNumberOfMessages = 10 });
                dead = received.Messages?.FirstOrDefault(m => m.Body == poison);
            }
            Assert.NotNull(dead);
        }
        finally
        {
            await sqs.SetQueueAttributesAsync(queueUrl, new Dictionary<string, string> { ["VisibilityTimeout"] = "180" });
        }
    }

    [Fact]
    public async Task An_unknown_api_path_is_API_Gateways_404()
    {
        using var http = new HttpClient { BaseAddress = shop.OriginUrl };
        var response = await http.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_origin_serves_a_page_for_deep_links_outside_the_api()
    {
        using var http = new HttpClient { BaseAddress = shop.OriginUrl };
        var response = await http.GetAsync("/orders/some-order");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    private static async Task<JsonObject> WaitForStatusAsync(HttpClient shopper, string orderId, string status)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        JsonObject? order = null;
        while (DateTime.UtcNow < until)
        {
            order = await shopper.GetFromJsonAsync<JsonObject>($"/api/orders/{orderId}");
            if (order!["status"]!.GetValue<string>() == status)
            {
                return order;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Order {orderId} is {order?["status"]}, not {status}.");
    }

    private async Task WaitUntilQueueIsEmptyAsync(string queueUrl)
    {
        var sqs = shop.CreateSqsClient();
        var until = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < until)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] });
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }
            await Task.Delay(500);
        }
    }
}
