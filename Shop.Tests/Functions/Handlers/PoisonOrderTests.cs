using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Shop.Functions;

namespace Shop.Tests.Functions.Handlers;

/// <summary>A message that keeps failing ends in the dead-letter queue, and its order shows FAILED.</summary>
public sealed class PoisonOrderTests(ShopStackFixture shop) : IClassFixture<ShopStackFixture>
{
    /// <summary>SES refuses to send from an unverified address: every delivery of every order fails.</summary>
    private static readonly Dictionary<string, string> UnverifiedSender = new() { [ShopEnvironment.SenderEmail] = "nobody@unverified.example" };

    [Fact]
    public async Task A_message_that_keeps_failing_reaches_the_dead_letter_queue_and_its_order_shows_failed()
    {
        var (_, token) = await shop.CreateSessionAsync();
        await shop.SendAsync("POST", "/api/cart", new { productId = "prod-301", quantity = 1 }, token);
        var placed = await shop.SendAsync("POST", "/api/orders", new
        {
            email = "customer@email.com",
            shipping = new { name = "Ada", line1 = "1 Way", city = "London", postalCode = "N1", country = "GB" },
        }, token);
        var orderId = (string)placed.Body!["orderId"]!;
        var maxReceiveCount = int.Parse(shop.Template.ParameterDefault("OrderMaxReceiveCount")!);

        for (var delivery = 1; delivery <= maxReceiveCount; delivery++)
        {
            var (sqsEvent, messages) = await shop.ReceiveOrderEventAsync();
            var message = Assert.Single(messages);
            Assert.Equal(delivery.ToString(), message.Attributes["ApproximateReceiveCount"]);
            var failed = await shop.CompleteBatchAsync(await shop.ProcessOrder(UnverifiedSender).Handle(sqsEvent), messages);
            Assert.Equal([message.MessageId], failed);
            var status = (string)(await shop.SendAsync("GET", "/api/orders/" + orderId, token: token)).Body!["status"]!;
            Assert.Equal(delivery < maxReceiveCount ? "PENDING" : "FAILED", status);
            // What the visibility timeout would do in time: make the failed message visible again.
            await shop.Sqs.ChangeMessageVisibilityAsync(shop.OrderQueueUrl, message.ReceiptHandle, 0);
        }

        // The next receive moves it to the dead-letter queue instead of delivering it.
        Assert.Empty((await shop.ReceiveOrderEventAsync()).Messages);
        var (dlqEvent, parked) = await shop.ReceiveOrderEventAsync(queueUrl: shop.DeadLetterQueueUrl);
        Assert.Equal(orderId, (string)JsonNode.Parse(Assert.Single(parked).Body)!["orderId"]!);
        var failedOrder = await shop.SendAsync("GET", "/api/orders/" + orderId, token: token);
        Assert.Equal("FAILED", (string)failedOrder.Body!["status"]!);
        Assert.DoesNotContain(shop.SentEmails, e => e.Subject.Contains(orderId));

        // Redriven (here: handed straight to processOrder) once the cause is fixed, it completes.
        var redriven = JsonNode.Parse(await shop.ProcessOrder().Handle(dlqEvent))!;
        Assert.Empty(redriven["batchItemFailures"]!.AsArray());
        Assert.Equal("PROCESSED", (string)(await shop.SendAsync("GET", "/api/orders/" + orderId, token: token)).Body!["status"]!);
        Assert.Single(shop.SentEmails, e => e.Subject.Contains(orderId));
        await shop.Sqs.DeleteMessageAsync(shop.DeadLetterQueueUrl, parked[0].ReceiptHandle);
    }

    [Fact]
    public async Task An_unreadable_message_is_reported_as_failed_and_touches_nothing()
    {
        await shop.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = shop.DeadLetterQueueUrl, MessageBody = "not an order" });
        var (sqsEvent, messages) = await shop.ReceiveOrderEventAsync(queueUrl: shop.DeadLetterQueueUrl);
        var emailsBefore = shop.SentEmails.Count;

        var answer = JsonNode.Parse(await shop.ProcessOrder().Handle(sqsEvent))!;

        Assert.Equal(messages.Select(m => m.MessageId), answer["batchItemFailures"]!.AsArray().Select(f => (string)f!["itemIdentifier"]!));
        Assert.Equal(emailsBefore, shop.SentEmails.Count);
        foreach (var message in messages)
        {
            await shop.Sqs.DeleteMessageAsync(shop.DeadLetterQueueUrl, message.ReceiptHandle);
        }
    }
}
