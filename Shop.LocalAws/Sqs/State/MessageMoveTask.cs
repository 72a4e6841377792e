namespace Shop.LocalAws.Sqs.State;

/// <summary>
/// One StartMessageMoveTask: moves the messages of a dead-letter queue back to their source queues (or to one
/// destination), at most MaxNumberOfMessagesPerSecond a second when given.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
/// </summary>
public sealed class MessageMoveTask
{
    public required string TaskHandle { get; init; }
    public required string SourceArn { get; init; }
    public string? DestinationArn { get; init; }
    public int? MaxNumberOfMessagesPerSecond { get; init; }
    public required long StartedTimestamp { get; init; }
    public required long ApproximateNumberOfMessagesToMove { get; init; }
    public long ApproximateNumberOfMessagesMoved;

    /// <summary>RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED.</summary>
    public volatile string Status = "RUNNING";
    public string? FailureReason { get; set; }
    public CancellationTokenSource Cancellation { get; } = new();
}
