using Microsoft.Extensions.Logging;
using Shop.Functions.Carts;

namespace Shop.Functions.Orders;

/// <summary>How processOrder retries.</summary>
public sealed record OrderProcessingOptions
{
    /// <summary>The queue's redrive maxReceiveCount: a failure on this delivery sends the message to the dead-letter queue.</summary>
    public required int MaxReceiveCount { get; init; }

    /// <summary>How long one delivery may hold an order; the function's timeout, after which Lambda has stopped it.</summary>
    public required TimeSpan LeaseDuration { get; init; }
}

/// <summary>What processing a message did.</summary>
public enum ProcessingOutcome
{
    Processed,
    AlreadyProcessed,
}

/// <summary>Another delivery of the same order holds its lease; this delivery must be retried later.</summary>
public sealed class OrderBusyException(string orderId)
    : Exception($"Order {orderId} is being processed by another delivery.");

/// <summary>
/// The asynchronous half of placing an order (processOrder): simulated payment, confirmation email, invoice, cart
/// clean-up, PENDING → PROCESSED.
/// SQS delivers at least once, so effects are made exactly once like this: a delivery first takes a lease on the order
/// (a conditional write; a racing delivery fails to take it and is retried later), then does each step that the order
/// does not yet record as done and records it. A delivery that crashes mid-way leaves the steps it finished recorded,
/// and the next delivery (after the lease expires) does only the rest. The one gap no lease closes: a crash after SES
/// accepted the email but before the step was recorded sends the email again on the next delivery.
/// </summary>
public sealed partial class OrderProcessor(
    IOrderStore orders,
    ICartStore carts,
    IInvoiceStore invoices,
    IOrderConfirmationSender mail,
    OrderProcessingOptions options,
    TimeProvider time,
    ILogger<OrderProcessor> logger)
{
    public async Task<ProcessingOutcome> ProcessAsync(OrderMessage message, int receiveCount, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(message.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {message.OrderId} does not exist.");
        if (order.Status == OrderStatus.Processed)
        {
            return ProcessingOutcome.AlreadyProcessed;
        }

        var leaseId = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        if (!await orders.TryLeaseAsync(order.OrderId, leaseId, now, now + options.LeaseDuration, cancellationToken))
        {
            // Either processed meanwhile or another delivery is on it.
            var current = await orders.GetAsync(order.OrderId, cancellationToken);
            return current?.Status == OrderStatus.Processed
                ? ProcessingOutcome.AlreadyProcessed
                : throw new OrderBusyException(order.OrderId);
        }

        try
        {
            // Re-read under the lease: steps a crashed delivery finished are recorded on the order.
            order = await orders.GetAsync(order.OrderId, cancellationToken) ?? order;
            await RunStepsAsync(order, leaseId, cancellationToken);
            await orders.CompleteAsync(order.OrderId, leaseId, time.GetUtcNow(), cancellationToken);
            LogProcessed(order.OrderId, order.Total, order.Currency);
            return ProcessingOutcome.Processed;
        }
        catch (Exception error)
        {
            if (receiveCount >= options.MaxReceiveCount)
            {
                // This was the last delivery the queue allows: the message goes to the dead-letter queue next, so
                // the order must say so. A redrive from the DLQ can still complete it (FAILED → PROCESSED).
                LogGivingUp(error, order.OrderId, receiveCount);
                await orders.MarkFailedAsync(order.OrderId, leaseId, Reason(error), time.GetUtcNow(), CancellationToken.None);
            }
            else
            {
                LogWillRetry(error, order.OrderId, receiveCount, options.MaxReceiveCount);
                await orders.ReleaseLeaseAsync(order.OrderId, leaseId, CancellationToken.None);
            }
            throw;
        }
    }

    private async Task RunStepsAsync(Order order, string leaseId, CancellationToken cancellationToken)
    {
        if (order.PaymentRecordedAt is null)
        {
            // The payment gateway is simulated: one structured log line per order, exactly once.
            LogPayment(order.OrderId, order.Total, order.Currency, order.UserId);
            await orders.RecordStepAsync(order.OrderId, leaseId, OrderStep.PaymentRecorded, time.GetUtcNow(), null, cancellationToken);
        }
        if (order.EmailSentAt is null)
        {
            var messageId = await mail.SendAsync(OrderDocuments.ConfirmationEmail(order), cancellationToken);
            await orders.RecordStepAsync(order.OrderId, leaseId, OrderStep.EmailSent, time.GetUtcNow(), messageId, cancellationToken);
        }
        if (order.InvoiceKey is null)
        {
            var key = await invoices.PutAsync(order.OrderId, OrderDocuments.Invoice(order, time.GetUtcNow()), cancellationToken);
            await orders.RecordStepAsync(order.OrderId, leaseId, OrderStep.InvoiceWritten, time.GetUtcNow(), key, cancellationToken);
        }
        if (order.CartClearedAt is null)
        {
            // Only what was ordered goes: anything the shopper added after placing the order stays in the cart, more
            // of an ordered product included.
            foreach (var item in order.Items)
            {
                await carts.TakeOrderedAsync(order.UserId, item.ProductId, item.Quantity, order.OrderId, cancellationToken);
            }
            await orders.RecordStepAsync(order.OrderId, leaseId, OrderStep.CartCleared, time.GetUtcNow(), null, cancellationToken);
        }
    }

    private static string Reason(Exception error) => error.GetType().Name + ": " + error.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment simulated for order {OrderId}: {Amount} {Currency} charged to user {UserId}")]
    private partial void LogPayment(string orderId, decimal amount, string currency, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} processed ({Amount} {Currency})")]
    private partial void LogProcessed(string orderId, decimal amount, string currency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} failed on delivery {ReceiveCount} of {MaxReceiveCount}; it will be retried")]
    private partial void LogWillRetry(Exception error, string orderId, int receiveCount, int maxReceiveCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} failed on its last delivery ({ReceiveCount}); marked FAILED, the message goes to the dead-letter queue")]
    private partial void LogGivingUp(Exception error, string orderId, int receiveCount);
}
