namespace Shop.LocalAws.EventSources;

/// <summary>
/// An SQS event source mapping: which queue a function consumes, in batches of what size and window, and whether the
/// function reports partial batch failures.
/// See https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
/// </summary>
public sealed record EventSourceMapping
{
    public required string Uuid { get; init; }
    public required string FunctionName { get; init; }
    public required string EventSourceArn { get; init; }

    /// <summary>1 to 10,000 for standard queues; Lambda's default for SQS is 10.</summary>
    public int BatchSize { get; init; } = 10;

    public int MaximumBatchingWindowInSeconds { get; init; }
    public bool ReportBatchItemFailures { get; init; }
    public bool Enabled { get; init; } = true;

    /// <summary>ScalingConfig.MaximumConcurrency (2 to 1000); locally it is the number of concurrent pollers, default 2.</summary>
    public int MaximumConcurrency { get; init; } = 2;

    public string QueueName => EventSourceArn[(EventSourceArn.LastIndexOf(':') + 1)..];
    public string Region => EventSourceArn.Split(':')[3];
}
