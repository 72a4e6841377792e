using System.Diagnostics;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Functions.Orders;

namespace Shop.Functions.Aws;

/// <summary>
/// OrderProcessingQueue. Each message carries the W3C trace context of its producer span in the <c>traceparent</c>
/// (and <c>tracestate</c>) message attributes, so processOrder continues the order's trace.
/// </summary>
public sealed class SqsOrderQueue(IAmazonSQS sqs, string queueUrl) : IOrderQueue
{
    public const string TraceParentAttribute = "traceparent";
    public const string TraceStateAttribute = "tracestate";

    public async Task PublishAsync(OrderMessage message, CancellationToken cancellationToken)
    {
        using var activity = ShopTelemetry.Source.StartActivity("OrderProcessingQueue send", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.destination.name", queueUrl);
        activity?.SetTag("shop.order_id", message.OrderId);

        var request = new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = JsonSerializer.Serialize(message, ShopJsonContext.Default.OrderMessage),
            MessageAttributes = [],
        };
        var context = Activity.Current;
        if (context is not null && context.IdFormat == ActivityIdFormat.W3C)
        {
            request.MessageAttributes[TraceParentAttribute] = new MessageAttributeValue { DataType = "String", StringValue = context.Id };
            if (!string.IsNullOrEmpty(context.TraceStateString))
            {
                request.MessageAttributes[TraceStateAttribute] = new MessageAttributeValue { DataType = "String", StringValue = context.TraceStateString };
            }
        }
        var response = await sqs.SendMessageAsync(request, cancellationToken);
        activity?.SetTag("messaging.message.id", response.MessageId);
    }
}
