using Microsoft.Extensions.Logging.Abstractions;
using Shop.Functions.Orders;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Orders;

public class OrderProcessorTests
{
    private readonly InMemoryCartStore _carts = new();
    private readonly InMemoryOrderStore _orders = new();
    private readonly InMemoryInvoiceStore _invoices = new();
    private readonly RecordingConfirmationSender _mail = new();
    private readonly ManualTime _time = new();

    private OrderProcessor Processor => new(_orders, _carts, _invoices, _mail,
        new OrderProcessingOptions { MaxReceiveCount = 5, LeaseDuration = TimeSpan.FromSeconds(60) },
        _time, NullLogger<OrderProcessor>.Instance);

    private async Task<Order> PendingOrderAsync()
    {
        var order = TestOrders.Pending("order-1", "u", _time.GetUtcNow());
        await _orders.TryCreateAsync(order, default);
        await _carts.TryAddAsync("u", "p-1", 2, 99, default);
        await _carts.TryAddAsync("u", "p-2", 1, 99, default);
        await _carts.TryAddAsync("u", "p-later", 1, 99, default);
        return order;
    }

    private static OrderMessage Message => new("order-1", "customer@email.com");

    [Fact]
    public async Task A_pending_order_is_paid_mailed_invoiced_cleared_and_processed()
    {
        await PendingOrderAsync();

        Assert.Equal(ProcessingOutcome.Processed, await Processor.ProcessAsync(Message, 1, default));

        var order = await _orders.GetAsync("order-1", default);
        Assert.Equal(OrderStatus.Processed, order!.Status);
        Assert.Equal(_time.GetUtcNow(), order.ProcessedAt);
        var email = Assert.Single(_mail.Sent);
        Assert.Equal("customer@email.com", email.To);
        Assert.Contains("order-1", email.Subject);
        Assert.Contains("199.48", email.Body);
        Assert.Contains("1 Analytical Way", email.Body);
        Assert.Equal("invoices/order-1.txt", order.InvoiceKey);
        Assert.Contains("199.48", _invoices.Objects["invoices/order-1.txt"]);
        // Only the ordered lines leave the cart; what was added afterwards stays.
        Assert.Equal(["p-later"], (await _carts.GetLinesAsync("u", default)).Select(l => l.ProductId));
    }

    [Fact]
    public async Task More_of_an_ordered_product_added_after_ordering_stays_in_the_cart()
    {
        await PendingOrderAsync();
        await _carts.TryAddAsync("u", "p-1", 3, 99, default); // the order took 2 of p-1; the line now holds 5

        await Processor.ProcessAsync(Message, 1, default);

        Assert.Equal([new("p-1", 3), new("p-later", 1)], await _carts.GetLinesAsync("u", default));
    }

    [Fact]
    public async Task Order_is_processed_once_when_the_message_is_delivered_twice()
    {
        await PendingOrderAsync();

        await Processor.ProcessAsync(Message, 1, default);
        Assert.Equal(ProcessingOutcome.AlreadyProcessed, await Processor.ProcessAsync(Message, 2, default));

        Assert.Single(_mail.Sent);
        Assert.Equal(1, _invoices.Writes);
    }

    [Fact]
    public async Task A_racing_delivery_is_told_to_retry_and_nothing_is_done_twice()
    {
        await PendingOrderAsync();
        _mail.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = Processor.ProcessAsync(Message, 1, default);
        await Assert.ThrowsAsync<OrderBusyException>(() => Processor.ProcessAsync(Message, 1, default));
        _mail.Gate.SetResult();
        Assert.Equal(ProcessingOutcome.Processed, await first);

        Assert.Single(_mail.Sent);
        Assert.Equal(1, _invoices.Writes);
    }

    [Fact]
    public async Task A_retry_after_a_failure_does_only_the_steps_not_yet_done()
    {
        await PendingOrderAsync();
        _invoices.FailuresToInject = 1;

        await Assert.ThrowsAsync<IOException>(() => Processor.ProcessAsync(Message, 1, default));
        var afterFailure = await _orders.GetAsync("order-1", default);
        Assert.Equal(OrderStatus.Pending, afterFailure!.Status);
        Assert.NotNull(afterFailure.EmailSentAt);

        Assert.Equal(ProcessingOutcome.Processed, await Processor.ProcessAsync(Message, 2, default));
        Assert.Single(_mail.Sent);
        Assert.Equal(1, _invoices.Writes);
    }

    [Fact]
    public async Task A_failure_on_the_last_allowed_delivery_marks_the_order_failed()
    {
        await PendingOrderAsync();
        _mail.FailuresToInject = 5;

        for (var delivery = 1; delivery <= 4; delivery++)
        {
            await Assert.ThrowsAsync<IOException>(() => Processor.ProcessAsync(Message, delivery, default));
            Assert.Equal(OrderStatus.Pending, (await _orders.GetAsync("order-1", default))!.Status);
        }
        await Assert.ThrowsAsync<IOException>(() => Processor.ProcessAsync(Message, 5, default));

        var order = await _orders.GetAsync("order-1", default);
        Assert.Equal(OrderStatus.Failed, order!.Status);
        Assert.Contains("SES is unavailable", order.FailureReason);
        Assert.Empty(_mail.Sent);
    }

    [Fact]
    public async Task A_failed_order_redriven_from_the_dead_letter_queue_is_processed()
    {
        await PendingOrderAsync();
        _mail.FailuresToInject = 1;
        await Assert.ThrowsAsync<IOException>(() => Processor.ProcessAsync(Message, 5, default));
        Assert.Equal(OrderStatus.Failed, (await _orders.GetAsync("order-1", default))!.Status);

        Assert.Equal(ProcessingOutcome.Processed, await Processor.ProcessAsync(Message, 1, default));

        var order = await _orders.GetAsync("order-1", default);
        Assert.Equal(OrderStatus.Processed, order!.Status);
        Assert.Null(order.FailureReason);
    }

    [Fact]
    public async Task A_lease_left_by_a_crashed_delivery_expires()
    {
        await PendingOrderAsync();
        Assert.True(await _orders.TryLeaseAsync("order-1", "crashed", _time.GetUtcNow(), _time.GetUtcNow().AddSeconds(60), default));

        await Assert.ThrowsAsync<OrderBusyException>(() => Processor.ProcessAsync(Message, 2, default));
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(ProcessingOutcome.Processed, await Processor.ProcessAsync(Message, 3, default));
    }

    [Fact]
    public async Task A_message_for_an_unknown_order_fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Processor.ProcessAsync(new OrderMessage("order-x", "a@b.c"), 1, default));
    }
}
