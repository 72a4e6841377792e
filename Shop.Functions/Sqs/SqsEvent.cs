using System.Text.Json.Serialization;

namespace Shop.Functions.Sqs;

// The event Lambda's SQS event source mapping sends and the partial-batch answer it reads.
// See https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html

public sealed record SqsEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage>? Records { get; init; }
}

public sealed record SqsMessage
{
    public required string MessageId { get; init; }
    public string? ReceiptHandle { get; init; }
    public string? Body { get; init; }

    /// <summary>System attributes, e.g. <c>ApproximateReceiveCount</c> (values are strings).</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public IReadOnlyDictionary<string, SqsMessageAttribute>? MessageAttributes { get; init; }
    public string? Md5OfBody { get; init; }
    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    public string? AwsRegion { get; init; }

    /// <summary>How many times this message has been received, this delivery included.</summary>
    public int ReceiveCount =>
        Attributes is not null && Attributes.TryGetValue("ApproximateReceiveCount", out var text)
        && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 1;

    public string? StringAttribute(string name) =>
        MessageAttributes is not null && MessageAttributes.TryGetValue(name, out var value) ? value.StringValue : null;
}

public sealed record SqsMessageAttribute
{
    public string? StringValue { get; init; }
    public string? BinaryValue { get; init; }
    public IReadOnlyList<string>? StringListValues { get; init; }
    public IReadOnlyList<string>? BinaryListValues { get; init; }
    public string? DataType { get; init; }
}

/// <summary>The messages of the batch that failed; Lambda deletes the others.</summary>
public sealed record SqsBatchResponse(IReadOnlyList<SqsBatchItemFailure> BatchItemFailures);

public sealed record SqsBatchItemFailure(string ItemIdentifier);
