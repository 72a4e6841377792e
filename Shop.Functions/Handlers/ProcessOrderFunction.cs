using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shop.Functions.Aws;
using Shop.Functions.Orders;
using Shop.Functions.Sqs;

namespace Shop.Functions.Handlers;

/// <summary>
/// processOrder: the SQS event source's target. Each message is processed on its own, under a span that continues the
/// trace createOrder put in its <c>traceparent</c> attribute; the ones that fail are returned in
/// <c>batchItemFailures</c> so only they are redelivered.
/// </summary>
public sealed partial class ProcessOrderFunction(ShopServices services)
{
    private readonly ILogger _logger = services.LoggerFactory.CreateLogger<ProcessOrderFunction>();

    public ProcessOrderFunction() : this(ShopServices.Default)
    {
    }

    public static IReadOnlyCollection<string> EnvironmentVariables =>
    [
        ShopEnvironment.OrdersTable, ShopEnvironment.CartsTable, ShopEnvironment.InvoiceBucket, ShopEnvironment.SenderEmail,
        ShopEnvironment.OrderQueueMaxReceiveCount,
    ];

    public async Task<Stream> Handle(Stream input)
    {
        var sqsEvent = await LambdaStreams.ReadAsync(input, ShopJsonContext.Default.SqsEvent);
        return await LambdaStreams.WriteAsync(await HandleAsync(sqsEvent, CancellationToken.None), ShopJsonContext.Default.SqsBatchResponse);
    }

    public async Task<SqsBatchResponse> HandleAsync(SqsEvent sqsEvent, CancellationToken cancellationToken)
    {
        var processor = new OrderProcessor(services.OrderStore, services.CartStore, services.InvoiceStore,
            services.ConfirmationSender, services.OrderProcessingOptions, services.Time,
            services.LoggerFactory.CreateLogger<OrderProcessor>());
        var failures = new List<SqsBatchItemFailure>();
        foreach (var message in sqsEvent.Records ?? [])
        {
            if (!await ProcessOneAsync(processor, message, cancellationToken))
            {
                failures.Add(new SqsBatchItemFailure(message.MessageId));
            }
        }
        return new SqsBatchResponse(failures);
    }

    private async Task<bool> ProcessOneAsync(OrderProcessor processor, SqsMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.StringAttribute(SqsOrderQueue.TraceParentAttribute),
            message.StringAttribute(SqsOrderQueue.TraceStateAttribute), out var parent);
        using var activity = ShopTelemetry.Source.StartActivity("OrderProcessingQueue process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("messaging.sqs.receive_count", message.ReceiveCount);

        OrderMessage? order = null;
        try
        {
            order = JsonSerializer.Deserialize(message.Body ?? "", ShopJsonContext.Default.OrderMessage);
        }
        catch (JsonException)
        {
        }
        if (order is null || string.IsNullOrEmpty(order.OrderId))
        {
            // Unreadable: fail it every time, so the queue's redrive policy parks it in the dead-letter queue for a human.
            LogUnreadable(message.MessageId);
            activity?.SetStatus(ActivityStatusCode.Error, "unreadable message");
            return false;
        }
        activity?.SetTag("shop.order_id", order.OrderId);
        try
        {
            var outcome = await processor.ProcessAsync(order, message.ReceiveCount, cancellationToken);
            activity?.SetTag("shop.outcome", outcome.ToString());
            return true;
        }
        catch (Exception error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            LogFailed(error, order.OrderId, message.MessageId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} is not an order message; it will go to the dead-letter queue")]
    private partial void LogUnreadable(string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} (message {MessageId}) was not processed")]
    private partial void LogFailed(Exception error, string orderId, string messageId);
}
