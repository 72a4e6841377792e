namespace Shop.LocalAws.Sqs.State;

/// <summary>
/// One message in a queue. What the sender gave is immutable; the delivery state (receive count, when it is
/// visible again, the current receipt) changes only under its queue's lock.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Message.html
/// </summary>
public sealed class SqsMessage
{
    /// <summary>Queue-local ordinal: the key receipt handles name and the order messages are delivered in.</summary>
    public required long Sequence { get; init; }
    public required string MessageId { get; init; }
    public required string Body { get; init; }
    public required string BodyMd5 { get; init; }
    public required IReadOnlyList<MessageAttributeValue> Attributes { get; init; }
    public required string? AttributesMd5 { get; init; }
    public required IReadOnlyList<MessageAttributeValue> SystemAttributes { get; init; }
    public required string? SystemAttributesMd5 { get; init; }
    public required long SentTimestamp { get; init; }
    public required string SenderId { get; init; }
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }
    public string? SequenceNumber { get; init; }

    /// <summary>Set when a redrive moved the message here from its source queue.</summary>
    public string? DeadLetterQueueSourceArn { get; init; }

    public int ReceiveCount { get; set; }
    public long FirstReceiveTimestamp { get; set; }

    /// <summary>Unix milliseconds from which the message may be received (delay or visibility timeout).</summary>
    public long VisibleAt { get; set; }

    /// <summary>Bumped whenever <see cref="VisibleAt"/> changes, so stale timer entries are recognised.</summary>
    public int Version { get; set; }

    public bool Removed { get; set; }

    public bool IsInFlight(long now) => ReceiveCount > 0 && VisibleAt > now;

    public bool IsDelayed(long now) => ReceiveCount == 0 && VisibleAt > now;

    public int Size => System.Text.Encoding.UTF8.GetByteCount(Body) + Attributes.Sum(a => a.Size);
}

/// <summary>A message as one ReceiveMessage call handed it out: the receipt and counts of that very receive.</summary>
public readonly record struct ReceivedMessage(SqsMessage Message, string ReceiptHandle, int ReceiveCount, long FirstReceiveTimestamp);
