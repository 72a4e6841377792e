using System.Globalization;
using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html</summary>
public sealed class GetQueueAttributes : SqsOperation
{
    /// <summary>Every attribute name AWS knows, in the order AWS lists them for <c>All</c>.</summary>
    private static readonly string[] KnownNames =
    [
        "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
        "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId",
        "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
        "FifoThroughputLimit",
    ];

    public override string Name => "GetQueueAttributes";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var requested = call.Input.StringList("AttributeNames") ?? [];
        foreach (var name in requested)
        {
            if (name != "All" && Array.IndexOf(KnownNames, name) < 0)
            {
                throw SqsException.InvalidAttributeName($"Unknown Attribute {name}.");
            }
        }
        if (requested.Count == 0)
        {
            return ValueTask.CompletedTask;
        }
        var all = requested.Contains("All");
        var counts = call.State.Count(queue);
        var settings = queue.Settings;
        string? Value(string name) => name switch
        {
            "QueueArn" => queue.Arn,
            "ApproximateNumberOfMessages" => Text(counts.Visible),
            "ApproximateNumberOfMessagesNotVisible" => Text(counts.NotVisible),
            "ApproximateNumberOfMessagesDelayed" => Text(counts.Delayed),
            "CreatedTimestamp" => Text(queue.CreatedTimestamp / 1000),
            "LastModifiedTimestamp" => Text(queue.LastModifiedTimestamp / 1000),
            _ => settings.Values.GetValueOrDefault(name),
        };
        call.Output.WriteStartObject("Attributes");
        foreach (var name in KnownNames)
        {
            if ((all || requested.Contains(name)) && Value(name) is { } value)
            {
                call.Output.WriteString(name, value);
            }
        }
        call.Output.WriteEndObject();
        return ValueTask.CompletedTask;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
