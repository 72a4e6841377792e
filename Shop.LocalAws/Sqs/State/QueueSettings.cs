using System.Globalization;
using System.Text.Json;
using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.State;

/// <summary>The dead-letter settings of a queue's RedrivePolicy attribute.</summary>
public sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount);

/// <summary>
/// A queue's settable attributes, validated. Values are kept as AWS returns them (strings) plus the parsed numbers
/// the hot path needs. See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
/// </summary>
public sealed record QueueSettings
{
    public const int MaxMessageSizeLimit = 1_048_576;

    public int VisibilityTimeout { get; init; } = 30;
    public int MessageRetentionPeriod { get; init; } = 345_600;
    public int DelaySeconds { get; init; }
    public int ReceiveMessageWaitTimeSeconds { get; init; }
    public int MaximumMessageSize { get; init; } = MaxMessageSizeLimit;
    public RedrivePolicy? Redrive { get; init; }
    public bool FifoQueue { get; init; }
    public bool ContentBasedDeduplication { get; init; }

    /// <summary>Every attribute as AWS reports it, including the defaults AWS shows.</summary>
    public required IReadOnlyDictionary<string, string> Values { get; init; }

    private static readonly string[] NumericNames =
        ["VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize", "KmsDataKeyReusePeriodSeconds"];

    private static readonly HashSet<string> SettableNames = new(StringComparer.Ordinal)
    {
        "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize",
        "RedrivePolicy", "RedriveAllowPolicy", "Policy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
        "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
    };

    public static QueueSettings Defaults(bool fifo) => new()
    {
        FifoQueue = fifo,
        Values = fifo
            ? new Dictionary<string, string>(DefaultValues, StringComparer.Ordinal)
            {
                ["FifoQueue"] = "true",
                ["ContentBasedDeduplication"] = "false",
                ["DeduplicationScope"] = "queue",
                ["FifoThroughputLimit"] = "perQueue",
            }
            : DefaultValues,
    };

    private static readonly Dictionary<string, string> DefaultValues = new(StringComparer.Ordinal)
    {
        ["VisibilityTimeout"] = "30",
        ["MaximumMessageSize"] = "1048576",
        ["MessageRetentionPeriod"] = "345600",
        ["DelaySeconds"] = "0",
        ["ReceiveMessageWaitTimeSeconds"] = "0",
        ["SqsManagedSseEnabled"] = "true",
    };

    /// <summary>
    /// Applies <paramref name="changes"/> (CreateQueue's or SetQueueAttributes' Attributes) in AWS's order of checks:
    /// unknown names first, then each value. <paramref name="deadLetterTarget"/> finds the queue a RedrivePolicy's
    /// deadLetterTargetArn names as the source queue sees it: AWS wants a dead-letter queue in the source's own account
    /// and region, so a queue elsewhere is as absent as no queue at all.
    /// </summary>
    public QueueSettings With(IReadOnlyDictionary<string, string> changes, bool creating, Func<string, SqsQueue?> deadLetterTarget, string sourceArn)
    {
        foreach (var name in changes.Keys)
        {
            if (!SettableNames.Contains(name))
            {
                throw SqsException.InvalidAttributeName($"Unknown Attribute {name}.");
            }
            if (name == "FifoQueue" && !creating)
            {
                throw SqsException.InvalidAttributeName($"Unknown Attribute {name}.");
            }
            if (name is "ContentBasedDeduplication" or "DeduplicationScope" or "FifoThroughputLimit" && !FifoQueue)
            {
                throw SqsException.InvalidAttributeName($"Unknown Attribute {name}.");
            }
        }

        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        var result = this;
        foreach (var (name, raw) in changes)
        {
            var value = raw;
            switch (name)
            {
                case "VisibilityTimeout":
                    result = result with { VisibilityTimeout = Range(name, value, 0, 43_200) };
                    break;
                case "MessageRetentionPeriod":
                    result = result with { MessageRetentionPeriod = Range(name, value, 60, 1_209_600) };
                    break;
                case "DelaySeconds":
                    result = result with { DelaySeconds = Range(name, value, 0, 900) };
                    break;
                case "ReceiveMessageWaitTimeSeconds":
                    result = result with { ReceiveMessageWaitTimeSeconds = Range(name, value, 0, 20) };
                    break;
                case "MaximumMessageSize":
                    result = result with { MaximumMessageSize = Range(name, value, 1024, MaxMessageSizeLimit) };
                    break;
                case "KmsDataKeyReusePeriodSeconds":
                    Range(name, value, 60, 86_400);
                    break;
                case "SqsManagedSseEnabled":
                case "ContentBasedDeduplication":
                    var flag = Flag(name, value);
                    value = flag ? "true" : "false";
                    if (name == "ContentBasedDeduplication")
                    {
                        result = result with { ContentBasedDeduplication = flag };
                    }
                    break;
                case "FifoQueue":
                    if (Flag(name, value) != FifoQueue)
                    {
                        throw SqsException.InvalidAttributeValue($"Invalid value for the parameter {name}. Reason: Modifying queue type is not supported.");
                    }
                    if (!FifoQueue)
                    {
                        continue; // FifoQueue=false on a standard queue is accepted and not reported
                    }
                    value = "true";
                    break;
                case "DeduplicationScope":
                    if (value is not ("messageGroup" or "queue"))
                    {
                        throw SqsException.InvalidAttributeValue($"Invalid value for the parameter {name}.");
                    }
                    break;
                case "FifoThroughputLimit":
                    if (value is not ("perQueue" or "perMessageGroupId"))
                    {
                        throw SqsException.InvalidAttributeValue($"Invalid value for the parameter {name}.");
                    }
                    break;
                case "RedrivePolicy":
                    if (value.Length == 0)
                    {
                        values.Remove(name);
                        result = result with { Redrive = null };
                        continue;
                    }
                    var redrive = ParseRedrivePolicy(value, deadLetterTarget, FifoQueue, sourceArn);
                    result = result with { Redrive = redrive };
                    value = JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["deadLetterTargetArn"] = redrive.DeadLetterTargetArn,
                        ["maxReceiveCount"] = redrive.MaxReceiveCount,
                    });
                    break;
                case "RedriveAllowPolicy":
                case "Policy":
                    if (value.Length == 0)
                    {
                        values.Remove(name);
                        continue;
                    }
                    if (name == "RedriveAllowPolicy")
                    {
                        ValidateRedriveAllowPolicy(value);
                    }
                    else if (!IsJsonObject(value))
                    {
                        throw SqsException.InvalidAttributeValue($"Invalid value for the parameter {name}.");
                    }
                    break;
            }
            if (Array.IndexOf(NumericNames, name) >= 0)
            {
                value = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            }
            values[name] = value;
        }
        return result with { Values = values };
    }

    private static int Range(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw SqsException.InvalidAttributeValue($"Invalid value for the parameter {name}.");
        }
        return number;
    }

    private static bool Flag(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw SqsException.InvalidAttributeValue($"Invalid value for the parameter {name}."),
    };

    private static bool IsJsonObject(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind is JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static RedrivePolicy ParseRedrivePolicy(string value, Func<string, SqsQueue?> deadLetterTarget, bool fifo, string sourceArn)
    {
        string Invalid(string reason) => $"Value {value} for parameter RedrivePolicy is invalid. Reason: {reason}";
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(value);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw SqsException.InvalidParameterValue(Invalid("Redrive policy is not a valid JSON map."));
        }
        if (root.ValueKind is not JsonValueKind.Object)
        {
            throw SqsException.InvalidParameterValue(Invalid("Redrive policy is not a valid JSON map."));
        }
        if (!root.TryGetProperty("deadLetterTargetArn", out var arnElement) || arnElement.ValueKind is not JsonValueKind.String)
        {
            throw SqsException.InvalidParameterValue(Invalid("Redrive policy does not contain mandatory attribute: deadLetterTargetArn."));
        }
        if (!root.TryGetProperty("maxReceiveCount", out var countElement))
        {
            throw SqsException.InvalidParameterValue(Invalid("Redrive policy does not contain mandatory attribute: maxReceiveCount."));
        }
        var countText = countElement.ValueKind switch
        {
            JsonValueKind.Number => countElement.GetRawText(),
            JsonValueKind.String => countElement.GetString()!,
            _ => string.Empty,
        };
        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var maxReceiveCount) || maxReceiveCount is < 1 or > 1000)
        {
            throw SqsException.InvalidParameterValue(Invalid("Invalid value for maxReceiveCount: " + countText + ", valid values are from 1 to 1000 both inclusive."));
        }
        var arn = arnElement.GetString()!;
        if (!SqsArn.TryParse(arn, out _, out _, out _))
        {
            throw SqsException.InvalidParameterValue(Invalid("Only SQS queues are valid resources for deadLetterTargetArn."));
        }
        var target = deadLetterTarget(arn);
        if (target is null)
        {
            throw SqsException.InvalidParameterValue(Invalid("Dead letter target does not exist."));
        }
        if (target.Settings.FifoQueue != fifo)
        {
            throw SqsException.InvalidParameterValue(Invalid("Dead-letter queue must be same type of queue as the source.."));
        }
        if (!AllowsSource(target.Settings, sourceArn))
        {
            throw SqsException.InvalidParameterValue(Invalid($"Queue {arn} does not allow this queue to use it as a dead-letter queue: see its RedriveAllowPolicy."));
        }
        return new RedrivePolicy(arn, maxReceiveCount);
    }

    /// <summary>
    /// RedriveAllowPolicy: which source queues may use this queue as their dead-letter queue.
    /// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
    /// </summary>
    private static void ValidateRedriveAllowPolicy(string value)
    {
        string Invalid(string reason) => $"Value {value} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. {reason}";
        var unsupported = SqsException.InvalidAttributeValue("Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it\u2019s in an unsupported format.");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(value);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw unsupported;
        }
        var permission = root.ValueKind is JsonValueKind.Object && root.TryGetProperty("redrivePermission", out var permissionElement)
            && permissionElement.ValueKind is JsonValueKind.String ? permissionElement.GetString() : null;
        if (permission is not ("allowAll" or "denyAll" or "byQueue") || root.EnumerateObject().Any(p => p.Name is not ("redrivePermission" or "sourceQueueArns")))
        {
            throw unsupported;
        }
        var hasSources = root.TryGetProperty("sourceQueueArns", out var sources);
        if (hasSources && (sources.ValueKind is not JsonValueKind.Array || sources.EnumerateArray().Any(a => a.ValueKind is not JsonValueKind.String)))
        {
            throw unsupported;
        }
        if (hasSources && permission != "byQueue")
        {
            throw SqsException.InvalidAttributeValue(Invalid("To specify one or more source queue ARNs, you must set redrivePermission to byQueue."));
        }
        if (permission == "byQueue" && (!hasSources || sources.GetArrayLength() == 0))
        {
            throw SqsException.InvalidAttributeValue(Invalid("When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values."));
        }
        if (hasSources && sources.GetArrayLength() > 10)
        {
            throw SqsException.InvalidAttributeValue(Invalid("The maximum number of source queue ARNs you can specify is 10."));
        }
    }

    /// <summary>Whether the dead-letter queue's RedriveAllowPolicy lets <paramref name="sourceArn"/> name it in a RedrivePolicy.</summary>
    private static bool AllowsSource(QueueSettings deadLetterQueue, string sourceArn)
    {
        if (!deadLetterQueue.Values.TryGetValue("RedriveAllowPolicy", out var policy))
        {
            return true;
        }
        using var document = JsonDocument.Parse(policy);
        var root = document.RootElement;
        return root.GetProperty("redrivePermission").GetString() switch
        {
            "denyAll" => false,
            "byQueue" => root.GetProperty("sourceQueueArns").EnumerateArray().Any(a => a.GetString() == sourceArn),
            _ => true,
        };
    }
}

/// <summary>Queue ARNs: <c>arn:aws:sqs:region:account:name</c>.</summary>
public static class SqsArn
{
    public static string For(string region, string accountId, string queueName) => $"arn:aws:sqs:{region}:{accountId}:{queueName}";

    public static bool TryParse(string arn, out string region, out string accountId, out string queueName)
    {
        var parts = arn.Split(':');
        if (parts.Length == 6 && parts[0] == "arn" && parts[2] == "sqs" && parts[5].Length > 0)
        {
            region = parts[3];
            accountId = parts[4];
            queueName = parts[5];
            return true;
        }
        region = accountId = queueName = string.Empty;
        return false;
    }
}
