using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html</summary>
public sealed class SendMessage : SqsOperation
{
    public override string Name => "SendMessage";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var body = call.Input.String("MessageBody");
        if (string.IsNullOrEmpty(body))
        {
            throw SqsException.MissingParameter("The request must contain the parameter MessageBody.");
        }
        var sent = Send(call, queue, call.Input, body);
        WriteResult(call.Output, sent);
        return ValueTask.CompletedTask;
    }

    /// <summary>Validates one message (a SendMessage or a batch entry) in AWS's order and sends it, or finds its FIFO duplicate.</summary>
    internal static SqsMessage Send(SqsCall call, SqsQueue queue, SqsInput input, string body)
    {
        var settings = queue.Settings;
        var delay = input.Int("DelaySeconds");
        var attributes = SqsValidation.MessageAttributes(input, system: false);
        var systemAttributes = SqsValidation.MessageAttributes(input, system: true);
        var groupId = input.String("MessageGroupId");
        var deduplicationId = input.String("MessageDeduplicationId");

        if (delay is not null && queue.IsFifo)
        {
            throw SqsException.InvalidParameterValue($"Value {delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");
        }
        if (delay is < 0 or > 900)
        {
            throw SqsException.InvalidParameterValue($"Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.");
        }
        SqsValidation.MessageText(body, "message body");
        var size = Encoding.UTF8.GetByteCount(body);
        for (var i = 0; i < attributes.Count; i++)
        {
            size += attributes[i].Size;
        }
        if (size > settings.MaximumMessageSize)
        {
            throw SqsException.InvalidParameterValue($"One or more parameters are invalid. Reason: Message must be shorter than {settings.MaximumMessageSize} bytes.");
        }
        if (groupId is not null && !IsFifoId(groupId))
        {
            throw SqsException.InvalidParameterValue($"Value {groupId} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        }
        if (deduplicationId is not null && !IsFifoId(deduplicationId))
        {
            throw SqsException.InvalidParameterValue($"Value {deduplicationId} for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        }
        var now = call.State.Now;
        if (queue.IsFifo)
        {
            if (groupId is null)
            {
                throw SqsException.MissingParameter("The request must contain the parameter MessageGroupId.");
            }
            if (deduplicationId is null && !settings.ContentBasedDeduplication)
            {
                throw SqsException.InvalidParameterValue("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }
            deduplicationId ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        }
        else if (deduplicationId is not null)
        {
            throw SqsException.InvalidParameterValue("The request include parameter MessageDeduplicationId which is not valid for this queue type");
        }

        var message = Build(queue, body, attributes, systemAttributes, now, delay ?? settings.DelaySeconds, call.SenderId, groupId, deduplicationId, null, null);
        if (!call.State.TrySend(queue, message, out var earlier))
        {
            // Exactly-once: a duplicate within 5 minutes is acknowledged with the earlier send's ids but not enqueued again.
            return Build(queue, body, attributes, systemAttributes, now, 0, call.SenderId, groupId, deduplicationId, earlier.MessageId, earlier.SequenceNumber);
        }
        return message;
    }

    private static SqsMessage Build(SqsQueue queue, string body, IReadOnlyList<MessageAttributeValue> attributes, IReadOnlyList<MessageAttributeValue> systemAttributes,
        long now, int delaySeconds, string senderId, string? groupId, string? deduplicationId, string? messageId, string? sequenceNumber)
    {
        var sequence = messageId is null ? queue.NextSequence() : 0;
        return new SqsMessage
        {
            Sequence = sequence,
            MessageId = messageId ?? RequestIds.Uuid(),
            Body = body,
            BodyMd5 = MessageDigest.OfBody(body),
            Attributes = attributes,
            AttributesMd5 = MessageDigest.OfAttributes(attributes),
            SystemAttributes = systemAttributes,
            SystemAttributesMd5 = MessageDigest.OfAttributes(systemAttributes),
            SentTimestamp = now,
            SenderId = senderId,
            MessageGroupId = groupId,
            MessageDeduplicationId = deduplicationId,
            SequenceNumber = sequenceNumber ?? (queue.IsFifo ? sequence.ToString("D20", CultureInfo.InvariantCulture) : null),
            VisibleAt = now + delaySeconds * 1000L,
        };
    }

    private static bool IsFifoId(string id) => id.Length is >= 1 and <= 128 && id.All(c => c is >= '!' and <= '~');

    internal static void WriteResult(Utf8JsonWriter output, SqsMessage message)
    {
        output.WriteString("MD5OfMessageBody", message.BodyMd5);
        if (message.AttributesMd5 is not null)
        {
            output.WriteString("MD5OfMessageAttributes", message.AttributesMd5);
        }
        if (message.SystemAttributesMd5 is not null)
        {
            output.WriteString("MD5OfMessageSystemAttributes", message.SystemAttributesMd5);
        }
        output.WriteString("MessageId", message.MessageId);
        if (message.SequenceNumber is not null)
        {
            output.WriteString("SequenceNumber", message.SequenceNumber);
        }
    }
}
