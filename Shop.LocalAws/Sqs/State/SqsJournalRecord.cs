namespace Shop.LocalAws.Sqs.State;

/// <summary>One line of the SQS journal in <c>--data-dir</c>: a queue change or a message change, as acknowledged.</summary>
internal sealed record SqsJournalRecord
{
    /// <summary>create-queue, set-queue, tag-queue, delete-queue, purge, send, delete, deliver.</summary>
    public required string Op { get; init; }
    public required string Queue { get; init; }
    public int? QueueId { get; init; }
    public string? Arn { get; init; }
    public long? Timestamp { get; init; }
    public QueueSettings? Settings { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public List<string>? TagKeys { get; init; }
    public JournaledMessage? Message { get; init; }
    public long? Sequence { get; init; }
    public int? ReceiveCount { get; init; }
    public long? FirstReceive { get; init; }
    public long? VisibleAt { get; init; }
}

/// <summary>A message as the journal keeps it.</summary>
internal sealed record JournaledMessage
{
    public required long Sequence { get; init; }
    public required string MessageId { get; init; }
    public required string Body { get; init; }
    public required List<MessageAttributeValue> Attributes { get; init; }
    public required List<MessageAttributeValue> SystemAttributes { get; init; }
    public required long SentTimestamp { get; init; }
    public required string SenderId { get; init; }
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }
    public string? SequenceNumber { get; init; }
    public string? DeadLetterQueueSourceArn { get; init; }
    public int ReceiveCount { get; init; }
    public long FirstReceiveTimestamp { get; init; }
    public long VisibleAt { get; init; }

    public static JournaledMessage From(SqsMessage message) => new()
    {
        Sequence = message.Sequence,
        MessageId = message.MessageId,
        Body = message.Body,
        Attributes = [.. message.Attributes],
        SystemAttributes = [.. message.SystemAttributes],
        SentTimestamp = message.SentTimestamp,
        SenderId = message.SenderId,
        MessageGroupId = message.MessageGroupId,
        MessageDeduplicationId = message.MessageDeduplicationId,
        SequenceNumber = message.SequenceNumber,
        DeadLetterQueueSourceArn = message.DeadLetterQueueSourceArn,
        ReceiveCount = message.ReceiveCount,
        FirstReceiveTimestamp = message.FirstReceiveTimestamp,
        VisibleAt = message.VisibleAt,
    };

    public SqsMessage ToMessage() => new()
    {
        Sequence = Sequence,
        MessageId = MessageId,
        Body = Body,
        BodyMd5 = MessageDigest.OfBody(Body),
        Attributes = Attributes,
        AttributesMd5 = MessageDigest.OfAttributes(Attributes),
        SystemAttributes = SystemAttributes,
        SystemAttributesMd5 = MessageDigest.OfAttributes(SystemAttributes),
        SentTimestamp = SentTimestamp,
        SenderId = SenderId,
        MessageGroupId = MessageGroupId,
        MessageDeduplicationId = MessageDeduplicationId,
        SequenceNumber = SequenceNumber,
        DeadLetterQueueSourceArn = DeadLetterQueueSourceArn,
        ReceiveCount = ReceiveCount,
        FirstReceiveTimestamp = FirstReceiveTimestamp,
        VisibleAt = VisibleAt,
    };
}
