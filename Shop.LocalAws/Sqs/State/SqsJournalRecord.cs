namespace Shop.LocalAws.Sqs.State;

/// <summary>One line of the SQS journal in <c>--data-dir</c>: a queue change or a message change, as acknowledged.</summary>
internal sealed record SqsJournalRecord
{
    /// <summary>create-queue, set-queue, tag-queue, delete-queue, purge, send, delete, deliver.</summary>
    public required string Op { get; init; }
    public required string Queue { get; init; }

    /// <summary>
    /// The queue's region. Null in journals written before queues were per region: replay then takes a created queue's
    /// region from its Arn, and a later record's queue by name alone, which was unique in such a journal.
    /// </summary>
    public string? Region { get; init; }
    public int? QueueId { get; init; }
    public string? Arn { get; init; }
    public long? Timestamp { get; init; }
    public QueueSettings? Settings { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public List<string>? TagKeys { get; init; }
    public SqsMessage? Message { get; init; }
    public long? Sequence { get; init; }
    public int? ReceiveCount { get; init; }
    public long? FirstReceive { get; init; }
    public long? VisibleAt { get; init; }
}
