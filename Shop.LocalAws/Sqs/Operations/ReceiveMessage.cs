using System.Globalization;
using System.Text.Json;
using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html</summary>
public sealed class ReceiveMessage : SqsOperation
{
    private static readonly string[] SystemAttributeNames =
    [
        "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SequenceNumber",
        "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn",
    ];

    public override string Name => "ReceiveMessage";

    public override async ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var input = call.Input;
        var max = SqsValidation.Range(input.Int("MaxNumberOfMessages"), "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided.", 1);
        // Without an explicit timeout the queue's applies as it is when a message is delivered, not when the poll began.
        var requestedVisibility = input.Int("VisibilityTimeout");
        int? visibility = requestedVisibility is null
            ? null
            : SqsValidation.Range(requestedVisibility, "VisibilityTimeout", 0, 43_200, "Must be >= 0 and <= 43200, if provided.", 0);
        var wait = SqsValidation.Range(input.Int("WaitTimeSeconds"), "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.", queue.Settings.ReceiveMessageWaitTimeSeconds);
        var systemNames = SelectedSystemAttributes(input);
        var attributeNames = input.StringList("MessageAttributeNames");
        input.String("ReceiveRequestAttemptId");

        List<ReceivedMessage> received;
        if (wait > 0 && !call.MayWait)
        {
            // A long poll is answered at once if messages are there; otherwise it is for a server that may wait.
            received = call.State.Receive(queue, max, visibility);
            if (received.Count == 0)
            {
                call.Declined = true;
                return;
            }
        }
        else
        {
            received = await call.State.ReceiveAsync(queue, max, visibility, wait, call.Aborted);
        }
        if (received.Count == 0)
        {
            return; // AWS answers an empty receive with {}
        }
        var output = call.Output;
        output.WriteStartArray("Messages");
        foreach (var delivery in received)
        {
            WriteMessage(output, delivery, systemNames, attributeNames);
        }
        output.WriteEndArray();
    }

    /// <summary>The union of AttributeNames (deprecated) and MessageSystemAttributeNames; <c>All</c> selects every one.</summary>
    private static HashSet<string>? SelectedSystemAttributes(SqsInput input)
    {
        if (!input.Has("MessageSystemAttributeNames") && !input.Has("AttributeNames"))
        {
            return null;
        }
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in input.StringList("MessageSystemAttributeNames") ?? [])
        {
            if (name != "All" && Array.IndexOf(SystemAttributeNames, name) < 0)
            {
                throw SqsException.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
            }
            selected.Add(name);
        }
        // AttributeNames takes queue attribute names too (its type is QueueAttributeName); SQS ignores those.
        foreach (var name in input.StringList("AttributeNames") ?? [])
        {
            selected.Add(name);
        }
        if (selected.Contains("All"))
        {
            selected.UnionWith(SystemAttributeNames);
        }
        return selected;
    }

    private static void WriteMessage(Utf8JsonWriter output, ReceivedMessage delivery, HashSet<string>? systemNames, List<string>? attributeNames)
    {
        var message = delivery.Message;
        output.WriteStartObject();
        output.WriteString("MessageId", message.MessageId);
        output.WriteString("ReceiptHandle", delivery.ReceiptHandle);
        output.WriteString("MD5OfBody", message.BodyMd5);
        output.WriteString("Body", message.Body);
        if (systemNames is { Count: > 0 })
        {
            output.WriteStartObject("Attributes");
            foreach (var name in SystemAttributeNames)
            {
                if (systemNames.Contains(name) && SystemAttribute(delivery, name) is { } value)
                {
                    output.WriteString(name, value);
                }
            }
            output.WriteEndObject();
        }
        var selected = SelectAttributes(message, attributeNames);
        if (selected.Count > 0)
        {
            // The digest covers the attributes returned, so the SDKs can verify what they got.
            var md5 = selected.Count == message.Attributes.Count ? message.AttributesMd5 : MessageDigest.OfAttributes(selected);
            output.WriteString("MD5OfMessageAttributes", md5);
            output.WriteStartObject("MessageAttributes");
            foreach (var attribute in selected)
            {
                output.WriteStartObject(attribute.Name);
                if (attribute.IsBinary)
                {
                    output.WriteBase64String("BinaryValue", attribute.BinaryValue);
                }
                else
                {
                    output.WriteString("StringValue", attribute.StringValue);
                }
                output.WriteString("DataType", attribute.DataType);
                output.WriteEndObject();
            }
            output.WriteEndObject();
        }
        output.WriteEndObject();
    }

    private static string? SystemAttribute(ReceivedMessage delivery, string name)
    {
        var message = delivery.Message;
        return name switch
        {
            "SenderId" => message.SenderId,
            "SentTimestamp" => message.SentTimestamp.ToString(CultureInfo.InvariantCulture),
            "ApproximateReceiveCount" => delivery.ReceiveCount.ToString(CultureInfo.InvariantCulture),
            "ApproximateFirstReceiveTimestamp" => delivery.FirstReceiveTimestamp.ToString(CultureInfo.InvariantCulture),
            "SequenceNumber" => message.SequenceNumber,
            "MessageDeduplicationId" => message.MessageDeduplicationId,
            "MessageGroupId" => message.MessageGroupId,
            "AWSTraceHeader" => message.SystemAttributes.FirstOrDefault(a => a.Name == "AWSTraceHeader")?.StringValue,
            "DeadLetterQueueSourceArn" => message.DeadLetterQueueSourceArn,
            _ => null,
        };
    }

    /// <summary>MessageAttributeNames: <c>All</c> or <c>.*</c> for every attribute, a name, or a prefix ending in <c>.*</c>.</summary>
    private static IReadOnlyList<MessageAttributeValue> SelectAttributes(SqsMessage message, List<string>? names)
    {
        if (names is null || names.Count == 0 || message.Attributes.Count == 0)
        {
            return [];
        }
        if (names.Contains("All") || names.Contains(".*"))
        {
            return message.Attributes;
        }
        return [.. message.Attributes.Where(a => names.Any(n =>
            n.EndsWith(".*", StringComparison.Ordinal) ? a.Name.StartsWith(n[..^1], StringComparison.Ordinal) : a.Name == n))];
    }
}
