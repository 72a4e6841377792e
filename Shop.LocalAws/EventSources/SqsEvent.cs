using System.Diagnostics;
using System.Text.Json.Nodes;
using Shop.LocalAws.Lambda;

namespace Shop.LocalAws.EventSources;

/// <summary>
/// The event Lambda passes to a function for a batch of SQS messages (<c>Records[]</c> with camelCase names).
/// See https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event
/// </summary>
public static class SqsEvent
{
    public static JsonObject Build(IEnumerable<JsonObject> messages, string eventSourceArn, string region) => new()
    {
        ["Records"] = new JsonArray([.. messages.Select(message => (JsonNode)Record(message, eventSourceArn, region))]),
    };

    private static JsonObject Record(JsonObject message, string eventSourceArn, string region)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in message["Attributes"] as JsonObject ?? [])
        {
            attributes[name] = value?.DeepClone();
        }
        var messageAttributes = new JsonObject();
        foreach (var (name, value) in message["MessageAttributes"] as JsonObject ?? [])
        {
            var attribute = new JsonObject();
            if (value?["StringValue"] is { } stringValue)
            {
                attribute["stringValue"] = stringValue.DeepClone();
            }
            if (value?["BinaryValue"] is { } binaryValue)
            {
                attribute["binaryValue"] = binaryValue.DeepClone();
            }
            attribute["stringListValues"] = value?["StringListValues"]?.DeepClone() ?? new JsonArray();
            attribute["binaryListValues"] = value?["BinaryListValues"]?.DeepClone() ?? new JsonArray();
            attribute["dataType"] = value?["DataType"]?.DeepClone();
            messageAttributes[name] = attribute;
        }
        var record = new JsonObject
        {
            ["messageId"] = message["MessageId"]?.DeepClone(),
            ["receiptHandle"] = message["ReceiptHandle"]?.DeepClone(),
            ["body"] = message["Body"]?.DeepClone() ?? string.Empty,
            ["attributes"] = attributes,
            ["messageAttributes"] = messageAttributes,
            ["md5OfBody"] = message["MD5OfBody"]?.DeepClone(),
        };
        if (message["MD5OfMessageAttributes"] is { } md5OfAttributes)
        {
            record["md5OfMessageAttributes"] = md5OfAttributes.DeepClone();
        }
        record["eventSource"] = "aws:sqs";
        record["eventSourceARN"] = eventSourceArn;
        record["awsRegion"] = region;
        return record;
    }

    /// <summary>The trace a message continues: its W3C <c>traceparent</c> message attribute, else its AWSTraceHeader.</summary>
    public static ActivityContext? TraceParent(JsonObject message)
    {
        if (message["MessageAttributes"]?["traceparent"]?["StringValue"]?.GetValue<string>() is { } traceparent
            && ActivityContext.TryParse(traceparent, null, isRemote: true, out var context))
        {
            return context;
        }
        return message["Attributes"]?["AWSTraceHeader"]?.GetValue<string>() is { } header && LambdaTraceHeader.TryParse(header, out var xray)
            ? xray
            : null;
    }
}
