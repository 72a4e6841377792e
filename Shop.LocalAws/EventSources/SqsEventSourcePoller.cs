using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.LocalAws.Lambda;
using Shop.LocalAws.Provisioning;

namespace Shop.LocalAws.EventSources;

/// <summary>
/// Lambda's SQS poller for each event source mapping: long-polls the queue over LocalAws's own SQS API, batches
/// by BatchSize and MaximumBatchingWindowInSeconds, invokes the function with the SQS event Lambda builds,
/// deletes what succeeded and leaves failures (the whole batch, or the batchItemFailures) to reappear after the
/// visibility timeout, so the queue's redrive policy moves a message that keeps failing to its dead-letter queue.
/// See https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
/// </summary>
public sealed class SqsEventSourcePoller(LambdaFunctionRegistry functions, LambdaInvoker invoker, IHostApplicationLifetime lifetime, ILogger<SqsEventSourcePoller> logger)
{
    public static readonly ActivitySource Source = new("Shop.LocalAws");

    private readonly List<EventSourceMapping> _mappings = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<EventSourceMapping> Mappings
    {
        get
        {
            lock (_gate)
            {
                return [.. _mappings];
            }
        }
    }

    /// <summary>Starts polling for a mapping (its pollers stop when LocalAws stops).</summary>
    public void Start(EventSourceMapping mapping, Uri localAws)
    {
        lock (_gate)
        {
            if (_mappings.Any(m => m.Uuid == mapping.Uuid))
            {
                return;
            }
            _mappings.Add(mapping);
        }
        if (!mapping.Enabled)
        {
            return;
        }
        for (var poller = 0; poller < Math.Max(1, mapping.MaximumConcurrency); poller++)
        {
            _ = Task.Run(() => PollAsync(mapping, localAws, lifetime.ApplicationStopping));
        }
    }

    private async Task PollAsync(EventSourceMapping mapping, Uri localAws, CancellationToken stopping)
    {
        using var sqs = new LocalAwsWireClient(localAws, "LOCALLAMBDAPOLLER", mapping.Region);
        string? queueUrl = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                queueUrl ??= await GetQueueUrlAsync(sqs, mapping, stopping);
                var messages = await ReceiveBatchAsync(sqs, mapping, queueUrl, stopping);
                if (messages.Count > 0)
                {
                    await DeliverAsync(sqs, mapping, queueUrl, messages, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is HttpRequestException or InvalidOperationException or JsonException)
            {
                logger.LogWarning("Event source mapping {Uuid} ({Queue} → {Function}): {Error}", mapping.Uuid, mapping.QueueName, mapping.FunctionName, error.Message);
                queueUrl = null;
                await Task.Delay(TimeSpan.FromSeconds(2), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static async Task<string> GetQueueUrlAsync(LocalAwsWireClient sqs, EventSourceMapping mapping, CancellationToken stopping)
    {
        var response = await sqs.JsonAsync("sqs", "AmazonSQS.GetQueueUrl", new JsonObject { ["QueueName"] = mapping.QueueName }, stopping);
        return response.Json?["QueueUrl"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"GetQueueUrl {mapping.QueueName} answered {response.StatusCode} {response.ErrorCode}");
    }

    private static async Task<List<JsonObject>> ReceiveBatchAsync(LocalAwsWireClient sqs, EventSourceMapping mapping, string queueUrl, CancellationToken stopping)
    {
        var batch = new List<JsonObject>();
        var window = TimeSpan.FromSeconds(mapping.MaximumBatchingWindowInSeconds);
        var windowEnds = DateTimeOffset.MaxValue;
        while (batch.Count < mapping.BatchSize)
        {
            // Wait long for the first message; then gather more only while the batching window is open.
            var wait = batch.Count == 0 ? 20 : (int)Math.Ceiling(Math.Max(0, (windowEnds - DateTimeOffset.UtcNow).TotalSeconds));
            if (batch.Count > 0 && wait == 0)
            {
                break;
            }
            var response = await sqs.JsonAsync("sqs", "AmazonSQS.ReceiveMessage", new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MaxNumberOfMessages"] = Math.Min(10, mapping.BatchSize - batch.Count),
                ["WaitTimeSeconds"] = Math.Min(20, wait),
                ["AttributeNames"] = new JsonArray("All"),
                ["MessageSystemAttributeNames"] = new JsonArray("All"),
                ["MessageAttributeNames"] = new JsonArray("All"),
            }, stopping);
            if (!response.IsSuccess)
            {
                throw new InvalidOperationException($"ReceiveMessage answered {response.StatusCode} {response.ErrorCode}");
            }
            var received = response.Json?["Messages"] as JsonArray ?? [];
            batch.AddRange(received.OfType<JsonObject>());
            if (batch.Count == 0)
            {
                continue;
            }
            if (windowEnds == DateTimeOffset.MaxValue)
            {
                windowEnds = DateTimeOffset.UtcNow + window;
            }
            if (window == TimeSpan.Zero)
            {
                break;
            }
        }
        return batch;
    }

    private async Task DeliverAsync(LocalAwsWireClient sqs, EventSourceMapping mapping, string queueUrl, List<JsonObject> messages, CancellationToken stopping)
    {
        var function = functions.Find(mapping.FunctionName)
            ?? throw new InvalidOperationException($"Function {mapping.FunctionName} is not registered.");
        var sqsEvent = SqsEvent.Build(messages, mapping.EventSourceArn, mapping.Region);

        using var activity = Source.StartActivity($"{mapping.QueueName} process", ActivityKind.Consumer, SqsEvent.TraceParent(messages[0]) ?? default);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", mapping.QueueName);
        activity?.SetTag("messaging.batch.message_count", messages.Count);

        var result = await invoker.InvokeAsync(function, Encoding.UTF8.GetBytes(sqsEvent.ToJsonString()), stopping);
        var failed = result.Failed ? null : FailedItems(mapping, result.Payload, messages);
        if (failed is null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "batch failed");
            logger.LogWarning("{Function} failed a batch of {Count} from {Queue}; the messages return after their visibility timeout",
                mapping.FunctionName, messages.Count, mapping.QueueName);
            return;
        }
        var succeeded = messages.Where(m => !failed.Contains(m["MessageId"]!.GetValue<string>())).ToList();
        if (failed.Count > 0)
        {
            logger.LogInformation("{Function} reported {Failed} of {Count} messages from {Queue} as failed", mapping.FunctionName, failed.Count, messages.Count, mapping.QueueName);
        }
        foreach (var chunk in succeeded.Chunk(10))
        {
            var entries = new JsonArray([.. chunk.Select((m, i) => (JsonNode)new JsonObject
            {
                ["Id"] = i.ToString(CultureInfo.InvariantCulture),
                ["ReceiptHandle"] = m["ReceiptHandle"]!.GetValue<string>(),
            })]);
            var deleted = await sqs.JsonAsync("sqs", "AmazonSQS.DeleteMessageBatch", new JsonObject { ["QueueUrl"] = queueUrl, ["Entries"] = entries }, CancellationToken.None);
            if (!deleted.IsSuccess || deleted.Json?["Failed"] is JsonArray { Count: > 0 })
            {
                logger.LogWarning("DeleteMessageBatch on {Queue} answered {Status}: {Body}", mapping.QueueName, deleted.StatusCode, deleted.Body);
            }
        }
    }

    /// <summary>
    /// The message ids to leave on the queue, or null when the whole batch failed. With ReportBatchItemFailures,
    /// an unparsable response or an unknown/empty itemIdentifier fails the whole batch, as Lambda does.
    /// </summary>
    internal static HashSet<string>? FailedItems(EventSourceMapping mapping, byte[] response, IReadOnlyList<JsonObject> messages)
    {
        var none = new HashSet<string>(StringComparer.Ordinal);
        if (!mapping.ReportBatchItemFailures || response.Length == 0)
        {
            return none;
        }
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(response);
        }
        catch (JsonException)
        {
            return null;
        }
        if (parsed is not JsonObject obj || obj["batchItemFailures"] is not JsonArray failures)
        {
            return parsed is null or JsonObject ? none : null;
        }
        var ids = messages.Select(m => m["MessageId"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            var id = failure?["itemIdentifier"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrEmpty(id) || !ids.Contains(id))
            {
                return null;
            }
            none.Add(id);
        }
        return none;
    }
}
