using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Shop.Web.Pages;
using Shop.Web.Services;

namespace Shop.Tests.Web;

public class OrderStatusTests : ShopComponentTest
{
    private async Task<string> PlaceOrderAsync()
    {
        await Cart.AddAsync("prod-101", 1);
        await Cart.AddAsync("prod-201", 2);
        var receipt = await Client.PlaceOrderAsync(new PlaceOrderRequest
        {
            Email = "ada@example.com",
            Shipping = new ShippingAddress { Name = "Ada", Line1 = "1 Row", City = "London", PostalCode = "N1", Country = "UK" },
        }, Guid.NewGuid().ToString("N"));
        Assert.Equal("Order Received", receipt.Status);
        return receipt.OrderId;
    }

    private int OrderReads(string orderId) => Api.Requests.Count(r => r == $"GET /orders/{orderId}");

    [Fact]
    public void The_backoff_doubles_from_half_a_second_and_stops_growing_at_eight()
    {
        var options = new OrderPollingOptions();
        Assert.Equal([500, 1000, 2000, 4000, 8000, 8000], Enumerable.Range(0, 6).Select(i => options.DelayAfter(i).TotalMilliseconds));
    }

    [Fact]
    public async Task The_thank_you_page_shows_order_received_then_processed_with_an_invoice_link()
    {
        var orderId = await PlaceOrderAsync();
        Api.ProcessAfterReads = 3;

        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("placed", "Order Received"));
        var page = Render<OrderDetails>(p => p.Add(x => x.OrderId, orderId));
        Assert.Equal("Order Received", page.Find("[data-testid=receipt-status]").TextContent);
        Assert.Equal(orderId, page.Find("[data-testid=order-id]").TextContent);

        page.WaitForAssertion(() => Assert.Equal("PROCESSED", page.Find("[data-testid=order-status]").TextContent), Patience);
        Assert.StartsWith("http://localhost/invoices/" + orderId, page.Find("[data-testid=invoice-link]").GetAttribute("href"));
        Assert.Contains("$32.97", page.Markup); // 10.99 + 2 × 10.99
        Assert.Equal(3, OrderReads(orderId));
    }

    [Fact]
    public async Task Polling_stops_once_the_status_is_final()
    {
        var orderId = await PlaceOrderAsync();
        Api.ProcessAfterReads = 2;
        var page = Render<OrderDetails>(p => p.Add(x => x.OrderId, orderId));
        page.WaitForAssertion(() => Assert.Equal("PROCESSED", page.Find("[data-testid=order-status]").TextContent), Patience);

        await Task.Delay(200); // ten times the longest test backoff
        Assert.Equal(2, OrderReads(orderId));
    }

    [Fact]
    public async Task A_pending_order_shows_pending_and_has_no_invoice_link_yet()
    {
        var orderId = await PlaceOrderAsync();
        var page = Render<OrderDetails>(p => p.Add(x => x.OrderId, orderId));
        page.WaitForAssertion(() => Assert.True(OrderReads(orderId) >= 3), Patience);
        Assert.Equal("PENDING", page.Find("[data-testid=order-status]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=invoice-link]"));

        Api.ProcessOrder(orderId);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=invoice-link]")), Patience);
    }

    [Fact]
    public async Task A_failed_order_is_explained_plainly()
    {
        var orderId = await PlaceOrderAsync();
        Api.ProcessOrder(orderId, OrderStatuses.Failed);
        var page = Render<OrderDetails>(p => p.Add(x => x.OrderId, orderId));
        page.WaitForAssertion(() => Assert.Equal("FAILED", page.Find("[data-testid=order-status]").TextContent), Patience);
        Assert.Contains("you have not been charged", page.Find("[data-testid=order-status-panel]").TextContent);
        Assert.Contains("What went wrong: The confirmation email could not be sent.", page.Find("[data-testid=order-status-panel]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=invoice-link]"));
    }

    [Fact]
    public async Task Gateway_errors_while_polling_are_ridden_out()
    {
        var orderId = await PlaceOrderAsync();
        Api.FailNextOrderReads = 2;
        Api.ProcessAfterReads = 1;
        var updates = new List<OrderPollUpdate>();
        var poller = new OrderStatusPoller(Client, new OrderPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MaxAttempts = 10 }, TimeProvider.System);

        var final = await poller.FollowAsync(orderId, u => { updates.Add(u); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(OrderStatuses.Processed, final.Order?.Status);
        Assert.Null(final.TransientError);
        Assert.Equal(3, updates.Count);
        Assert.All(updates.Take(2), u => Assert.True(u.TransientError?.IsTransient));
    }

    [Fact]
    public async Task Polling_gives_up_after_its_attempts_and_says_so()
    {
        var orderId = await PlaceOrderAsync();
        var poller = new OrderStatusPoller(Client, new OrderPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MaxAttempts = 4 }, TimeProvider.System);

        var final = await poller.FollowAsync(orderId, _ => Task.CompletedTask, CancellationToken.None);

        Assert.True(final.GaveUp);
        Assert.Equal(OrderStatuses.Pending, final.Order?.Status);
        Assert.Equal(4, OrderReads(orderId));
    }

    [Fact]
    public void Another_shoppers_order_is_not_shown()
    {
        // An order id from someone else's session: this session's API answers 404.
        var page = Render<OrderDetails>(p => p.Add(x => x.OrderId, "order-999"));
        page.WaitForAssertion(() => Assert.Contains("can't find this order", page.Find("[data-testid=order-status-panel]").TextContent), Patience);
        Assert.Equal(1, OrderReads("order-999"));
    }

    [Fact]
    public async Task Leaving_the_page_stops_the_polling()
    {
        var orderId = await PlaceOrderAsync();
        var page = Render<OrderDetails>(p => p.Add(x => x.OrderId, orderId));
        page.WaitForAssertion(() => Assert.True(OrderReads(orderId) >= 2), Patience);

        await DisposeComponentsAsync();
        // A read already in flight when the page goes may still land; after that, nothing more may be asked.
        await Task.Delay(100);
        var after = OrderReads(orderId);
        await Task.Delay(200); // ten times the longest test backoff
        Assert.Equal(after, OrderReads(orderId));
    }
}
