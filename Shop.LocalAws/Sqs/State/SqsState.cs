using System.Collections.Concurrent;
using System.Text.Json;
using Shop.LocalAws.Persistence;
using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.State;

/// <summary>
/// All queues of the emulated account, each in its region, and what crosses queues: dead-letter redrive, message move
/// tasks, and the journal that makes acknowledged changes survive a restart when <see cref="LocalAwsOptions.DataDirectory"/> is set.
/// A change to a queue and its journal record are made under the queue's lock, so the journal has each queue's
/// changes in the order they happened: a receiver that deletes a message at once cannot get its delete journaled
/// before the send. A message moving between queues is journaled in its new queue before it leaves the old one, so a
/// crash in between leaves a copy in each rather than none.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
/// </summary>
public sealed class SqsState : IDisposable
{
    private static readonly JsonSerializerOptions JournalJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    // Queues by region, then by name: in AWS the same name in two regions is two queues. Both levels compare ordinally
    // and look up spans too, so resolving a request's QueueUrl allocates nothing.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SqsQueue>> _regions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MessageMoveTask> _moveTasks = new(StringComparer.Ordinal);
    private readonly Lock _createGate = new();
    private readonly TimeProvider _time;
    private readonly ILogger<SqsState> _logger;
    private readonly DurableJournal? _journal;
    private int _nextQueueId;
    private int _compacting;

    public SqsState(LocalAwsOptions options, TimeProvider time, ILogger<SqsState> logger)
    {
        Options = options;
        _time = time;
        _logger = logger;
        _journal = DurableJournal.Open(options, "sqs");
        if (_journal is not null)
        {
            Replay(_journal);
        }
    }

    public LocalAwsOptions Options { get; }
    public TimeProvider Time => _time;

    /// <summary>Now, in Unix milliseconds, from the injected clock.</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Every queue of every region, by region and then by name (the UI, compaction).</summary>
    public IEnumerable<SqsQueue> Queues => AllQueues.OrderBy(q => q.Region, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal);

    /// <summary>The queues of one region, by name (ListQueues).</summary>
    public IEnumerable<SqsQueue> QueuesIn(string region) =>
        _regions.TryGetValue(region, out var queues) ? queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal) : [];

    private IEnumerable<SqsQueue> AllQueues => _regions.Values.SelectMany(queues => queues.Values);

    /// <summary>The queues of a region, made on its first queue; only under the create gate.</summary>
    private ConcurrentDictionary<string, SqsQueue> QueuesOf(string region) =>
        _regions.GetOrAdd(region, static _ => new ConcurrentDictionary<string, SqsQueue>(StringComparer.Ordinal));

    public SqsQueue? Find(string region, string name) =>
        _regions.TryGetValue(region, out var queues) && queues.TryGetValue(name, out var queue) ? queue : null;

    public SqsQueue? Find(ReadOnlySpan<char> region, ReadOnlySpan<char> name) =>
        _regions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(region, out var queues)
        && queues.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var queue) ? queue : null;

    /// <summary>
    /// The queue an ARN names, in the ARN's own region: null unless a queue has exactly that ARN, so an ARN of another
    /// account (or partition) finds nothing.
    /// </summary>
    public SqsQueue? FindByArn(string arn) =>
        SqsArn.TryParse(arn, out var region, out _, out var name) && Find(region, name) is { } queue && queue.Arn == arn ? queue : null;

    /// <summary>
    /// The queue an ARN names as a queue in <paramref name="region"/> sees it. A dead-letter queue and a move task's
    /// destination must be in their source's account and region, so a queue of another region counts as none.
    /// </summary>
    public SqsQueue? FindByArn(string arn, string region) => FindByArn(arn) is { } queue && queue.Region == region ? queue : null;

    /// <summary>
    /// Finds the queue a QueueUrl names: in the region its host names when that is an AWS or LocalStack endpoint
    /// (<see cref="SqsQueueUrl"/>), otherwise in the caller's region. Any other host form is accepted (localhost,
    /// 127.0.0.1, a container name): the caller's view of the address is its own; the path's account and name decide.
    /// </summary>
    public SqsQueue Resolve(string? queueUrl, string callerRegion)
    {
        if (string.IsNullOrEmpty(queueUrl)
            || !SqsQueueUrl.TryParse(queueUrl, out var hostRegion, out var account, out var name)
            || !account.Equals(Options.AccountId, StringComparison.Ordinal))
        {
            throw SqsException.QueueDoesNotExist();
        }
        return Find(hostRegion.IsEmpty ? callerRegion.AsSpan() : hostRegion, name) ?? throw SqsException.QueueDoesNotExist();
    }

    /// <summary>The queues whose RedrivePolicy names <paramref name="deadLetterQueue"/> by its ARN, so only queues of its own account and region.</summary>
    public List<SqsQueue> SourcesOf(SqsQueue deadLetterQueue) =>
        [.. QueuesIn(deadLetterQueue.Region).Where(q => q.Settings.Redrive is { } redrive && redrive.DeadLetterTargetArn == deadLetterQueue.Arn)];

    public bool IsDeadLetterQueue(SqsQueue queue) => SourcesOf(queue).Count > 0;

    /// <summary>Creates a queue, or returns the existing one when every given attribute matches (CreateQueue is idempotent).</summary>
    public SqsQueue CreateQueue(string name, string region, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string> tags)
    {
        lock (_createGate)
        {
            var fifo = name.EndsWith(".fifo", StringComparison.Ordinal);
            var arn = SqsArn.For(region, Options.AccountId, name);
            if (Find(region, name) is { } existing)
            {
                var requested = QueueSettings.Defaults(fifo).With(attributes, creating: true, target => FindByArn(target, region), existing.Arn);
                foreach (var (attribute, _) in attributes)
                {
                    requested.Values.TryGetValue(attribute, out var wanted);
                    existing.Settings.Values.TryGetValue(attribute, out var actual);
                    if (!string.Equals(wanted, actual, StringComparison.Ordinal))
                    {
                        throw SqsException.QueueNameExists(attribute);
                    }
                }
                return existing;
            }
            var settings = QueueSettings.Defaults(fifo).With(attributes, creating: true, target => FindByArn(target, region), arn);
            var now = Now;
            var queue = new SqsQueue(Interlocked.Increment(ref _nextQueueId), region, name, arn, settings, now);
            queue.SetTags(tags, []);
            Journal(new SqsJournalRecord { Op = "create-queue", Queue = name, Region = region, QueueId = queue.Id, Timestamp = now, Settings = settings, Tags = new(tags), Arn = queue.Arn });
            QueuesOf(region)[name] = queue;
            return queue;
        }
    }

    public void SetAttributes(SqsQueue queue, IReadOnlyDictionary<string, string> attributes)
    {
        lock (_createGate)
        {
            var settings = queue.Settings.With(attributes, creating: false, target => FindByArn(target, queue.Region), queue.Arn);
            var now = Now;
            lock (queue.Gate)
            {
                Journal(new SqsJournalRecord { Op = "set-queue", Queue = queue.Name, Region = queue.Region, Timestamp = now, Settings = settings });
                queue.Update(settings, now);
            }
        }
        CompactIfGrown();
    }

    public void Tag(SqsQueue queue, Dictionary<string, string> tags, List<string> removed)
    {
        lock (queue.Gate)
        {
            Journal(new SqsJournalRecord { Op = "tag-queue", Queue = queue.Name, Region = queue.Region, Tags = tags, TagKeys = removed });
            queue.SetTags(tags, removed);
        }
        CompactIfGrown();
    }

    public void DeleteQueue(SqsQueue queue)
    {
        lock (_createGate)
        {
            if (_regions.TryGetValue(queue.Region, out var queues) && queues.TryRemove(new KeyValuePair<string, SqsQueue>(queue.Name, queue)))
            {
                Journal(new SqsJournalRecord { Op = "delete-queue", Queue = queue.Name, Region = queue.Region });
                queue.MarkDeleted();
            }
        }
    }

    public void Send(SqsQueue queue, SqsMessage message) => TrySend(queue, message, out _);

    /// <summary>Adds a message and journals it before the caller acknowledges it; false for a FIFO duplicate (see <see cref="SqsQueue.TryAdd"/>).</summary>
    public bool TrySend(SqsQueue queue, SqsMessage message, out (string MessageId, string? SequenceNumber) earlier)
    {
        if (_journal is null)
        {
            return queue.TryAdd(message, Now, out earlier);
        }
        lock (queue.Gate)
        {
            if (!queue.TryAdd(message, Now, out earlier))
            {
                return false;
            }
            Journal(new SqsJournalRecord { Op = "send", Queue = queue.Name, Region = queue.Region, Message = message });
        }
        CompactIfGrown();
        return true;
    }

    /// <summary>
    /// One receive attempt. Messages past maxReceiveCount move to the dead-letter queue instead of being delivered
    /// (AWS moves a message when it would be received the (maxReceiveCount+1)th time).
    /// </summary>
    public List<ReceivedMessage> Receive(SqsQueue queue, int max, int? visibilityTimeout)
    {
        var deadLetters = new List<SqsMessage>(0);
        var expired = new List<SqsMessage>(0);
        var now = Now;
        var visibility = visibilityTimeout ?? queue.Settings.VisibilityTimeout;
        List<ReceivedMessage> received;
        if (_journal is null)
        {
            received = queue.Receive(max, visibility, now, deadLetters, expired);
        }
        else
        {
            lock (queue.Gate)
            {
                received = queue.Receive(max, visibility, now, deadLetters, expired);
                JournalRemovals(queue, expired);
                foreach (var delivery in received)
                {
                    Journal(new SqsJournalRecord
                    {
                        Op = "deliver", Queue = queue.Name, Region = queue.Region, Sequence = delivery.Message.Sequence, ReceiveCount = delivery.ReceiveCount,
                        FirstReceive = delivery.FirstReceiveTimestamp, VisibleAt = delivery.Message.VisibleAt,
                    });
                }
            }
        }
        if (deadLetters.Count > 0)
        {
            MoveToDeadLetterQueue(queue, deadLetters, now);
        }
        CompactIfGrown();
        return received;
    }

    private void MoveToDeadLetterQueue(SqsQueue source, List<SqsMessage> messages, long now)
    {
        var target = source.Settings.Redrive is { } redrive ? FindByArn(redrive.DeadLetterTargetArn, source.Region) : null;
        foreach (var message in messages)
        {
            // The dead-letter queue was deleted: AWS keeps the message in its source queue.
            var destination = target ?? source;
            Send(destination, CopyFor(destination, message, now, source.Arn));
            JournalRemovals(source, [message]);
        }
    }

    /// <summary>The message as it lands in another queue: same id, body and attributes, original sent time, fresh delivery state.</summary>
    private static SqsMessage CopyFor(SqsQueue target, SqsMessage message, long now, string? deadLetterSourceArn) => new()
    {
        Sequence = target.NextSequence(),
        MessageId = message.MessageId,
        Body = message.Body,
        BodyMd5 = message.BodyMd5,
        Attributes = message.Attributes,
        AttributesMd5 = message.AttributesMd5,
        SystemAttributes = message.SystemAttributes,
        SystemAttributesMd5 = message.SystemAttributesMd5,
        SentTimestamp = message.SentTimestamp,
        SenderId = message.SenderId,
        MessageGroupId = message.MessageGroupId,
        MessageDeduplicationId = null,
        SequenceNumber = message.SequenceNumber,
        DeadLetterQueueSourceArn = deadLetterSourceArn,
        VisibleAt = now,
    };

    /// <summary>
    /// ReceiveMessage with long polling: returns as soon as at least one message is available, or when
    /// <paramref name="waitSeconds"/> have passed. Waits on the queue's arrival signal and on the next delayed or
    /// in-flight message's visibility time; no polling loop.
    /// </summary>
    public async Task<List<ReceivedMessage>> ReceiveAsync(SqsQueue queue, int max, int? visibilityTimeout, int waitSeconds, CancellationToken cancellation)
    {
        var received = Receive(queue, max, visibilityTimeout);
        if (received.Count > 0 || waitSeconds == 0)
        {
            return received;
        }
        var deadline = Now + waitSeconds * 1000L;
        while (!cancellation.IsCancellationRequested && !queue.Deleted)
        {
            var arrival = queue.WaitForMessagesAsync();
            received = Receive(queue, max, visibilityTimeout);
            var now = Now;
            if (received.Count > 0 || now >= deadline)
            {
                return received;
            }
            var wakeAt = Math.Min(deadline, queue.NextVisibleAt() ?? long.MaxValue);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var delay = Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wakeAt - now)), _time, timer.Token);
            await Task.WhenAny(arrival, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }
        return received;
    }

    public bool Delete(SqsQueue queue, long sequence, int receiveCount)
    {
        if (_journal is null)
        {
            return queue.Delete(sequence, receiveCount, Now) is not null;
        }
        lock (queue.Gate)
        {
            var deleted = queue.Delete(sequence, receiveCount, Now);
            if (deleted is null)
            {
                return false;
            }
            JournalRemovals(queue, [deleted]);
        }
        CompactIfGrown();
        return true;
    }

    public ReceiptLookup ChangeVisibility(SqsQueue queue, long sequence, int receiveCount, int visibilityTimeout)
    {
        var now = Now;
        if (_journal is null)
        {
            return queue.ChangeVisibility(sequence, receiveCount, visibilityTimeout, now, out _);
        }
        ReceiptLookup lookup;
        lock (queue.Gate)
        {
            lookup = queue.ChangeVisibility(sequence, receiveCount, visibilityTimeout, now, out var message);
            if (lookup is ReceiptLookup.Current)
            {
                Journal(new SqsJournalRecord
                {
                    Op = "deliver", Queue = queue.Name, Region = queue.Region, Sequence = sequence, ReceiveCount = receiveCount,
                    FirstReceive = message!.FirstReceiveTimestamp, VisibleAt = message.VisibleAt,
                });
            }
        }
        CompactIfGrown();
        return lookup;
    }

    public bool Purge(SqsQueue queue)
    {
        var now = Now;
        lock (queue.Gate)
        {
            if (!queue.Purge(now))
            {
                return false;
            }
            Journal(new SqsJournalRecord { Op = "purge", Queue = queue.Name, Region = queue.Region, Timestamp = now });
        }
        CompactIfGrown();
        return true;
    }

    public QueueCounts Count(SqsQueue queue)
    {
        List<SqsMessage> expired = [];
        var counts = queue.Count(Now, expired);
        JournalRemovals(queue, expired);
        return counts;
    }

    public List<SqsMessage> Messages(SqsQueue queue)
    {
        List<SqsMessage> expired = [];
        var messages = queue.Snapshot(Now, expired);
        JournalRemovals(queue, expired);
        return messages;
    }

    // ---- Message move tasks ----

    public IEnumerable<MessageMoveTask> MoveTasks(string sourceArn) =>
        _moveTasks.Values.Where(t => t.SourceArn == sourceArn).OrderByDescending(t => t.StartedTimestamp);

    /// <summary>The task with this handle, when its source queue is in <paramref name="region"/> (a task, like its queue, belongs to one region).</summary>
    public MessageMoveTask? FindMoveTask(string handle, string region) =>
        _moveTasks.GetValueOrDefault(handle) is { } task && task.SourceArn.Split(':') is [_, _, _, var taskRegion, ..] && taskRegion == region ? task : null;

    public MessageMoveTask StartMoveTask(SqsQueue source, string? destinationArn, int? maxPerSecond)
    {
        lock (_createGate)
        {
            if (_moveTasks.Values.Any(t => t.SourceArn == source.Arn && t.Status is "RUNNING" or "CANCELLING"))
            {
                throw SqsException.InvalidParameterValue("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
            }
            var now = Now;
            var task = new MessageMoveTask
            {
                TaskHandle = MessageMoveTask.CreateHandle(source.Arn),
                SourceArn = source.Arn,
                DestinationArn = destinationArn,
                MaxNumberOfMessagesPerSecond = maxPerSecond,
                StartedTimestamp = now,
                ApproximateNumberOfMessagesToMove = source.VisibleCount(now),
            };
            _moveTasks[task.TaskHandle] = task;
            _ = Task.Run(() => RunMoveTaskAsync(source, task));
            return task;
        }
    }

    private async Task RunMoveTaskAsync(SqsQueue source, MessageMoveTask task)
    {
        try
        {
            var perRound = task.MaxNumberOfMessagesPerSecond ?? 500;
            while (!task.Cancellation.IsCancellationRequested)
            {
                var now = Now;
                var batch = source.TakeVisible(perRound, now);
                if (batch.Count == 0)
                {
                    break;
                }
                foreach (var message in batch)
                {
                    var destination = task.DestinationArn ?? message.DeadLetterQueueSourceArn;
                    var target = destination is null ? null : FindByArn(destination, source.Region);
                    if (target is null)
                    {
                        Send(source, CopyFor(source, message, now, message.DeadLetterQueueSourceArn));
                        JournalRemovals(source, [message]);
                        task.FailureReason = "AWS.SimpleQueueService.NonExistentQueue";
                        task.Status = "FAILED";
                        return;
                    }
                    Send(target, CopyFor(target, message, now, null));
                    JournalRemovals(source, [message]);
                    Interlocked.Increment(ref task.ApproximateNumberOfMessagesMoved);
                }
                if (task.MaxNumberOfMessagesPerSecond is not null)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, task.Cancellation.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            _logger.LogError(error, "Message move task from {Source} failed", task.SourceArn);
            task.FailureReason = "InternalFailure";
            task.Status = "FAILED";
            return;
        }
        task.Status = task.Cancellation.IsCancellationRequested ? "CANCELLED" : "COMPLETED";
    }

    // ---- Journal ----

    private void JournalRemovals(SqsQueue queue, List<SqsMessage> removed)
    {
        if (_journal is null)
        {
            return;
        }
        foreach (var message in removed)
        {
            Journal(new SqsJournalRecord { Op = "delete", Queue = queue.Name, Region = queue.Region, Sequence = message.Sequence });
        }
    }

    private void Journal(SqsJournalRecord record) => _journal?.Append(JsonSerializer.Serialize(record, JournalJson));

    /// <summary>
    /// Loads the journal, then rewrites it (<see cref="Compact"/>), so it is in the current format from then on. Records
    /// written before queues were per region have no Region: a created queue's region is then its Arn's (always
    /// written), and a later record names its queue by name alone, which was unique in such a journal.
    /// </summary>
    private void Replay(DurableJournal journal)
    {
        var now = Now;
        var latestByName = new Dictionary<string, SqsQueue>(StringComparer.Ordinal);
        foreach (var line in journal.Replay())
        {
            var record = JsonSerializer.Deserialize<SqsJournalRecord>(line, JournalJson);
            if (record is null)
            {
                continue;
            }
            var queue = record.Region is { } recordRegion ? Find(recordRegion, record.Queue) : latestByName.GetValueOrDefault(record.Queue);
            switch (record.Op)
            {
                case "create-queue":
                    var region = record.Region
                        ?? (record.Arn is not null && SqsArn.TryParse(record.Arn, out var arnRegion, out _, out _) ? arnRegion : Options.Region);
                    var arn = record.Arn ?? SqsArn.For(region, Options.AccountId, record.Queue);
                    var created = new SqsQueue(record.QueueId!.Value, region, record.Queue, arn, record.Settings!, record.Timestamp!.Value);
                    created.SetTags(record.Tags ?? [], []);
                    QueuesOf(region)[record.Queue] = created;
                    latestByName[record.Queue] = created;
                    _nextQueueId = Math.Max(_nextQueueId, created.Id);
                    break;
                case "set-queue" when queue is not null:
                    queue.Update(record.Settings!, record.Timestamp!.Value);
                    break;
                case "tag-queue" when queue is not null:
                    queue.SetTags(record.Tags ?? [], record.TagKeys ?? []);
                    break;
                case "delete-queue" when queue is not null:
                    QueuesOf(queue.Region).TryRemove(new KeyValuePair<string, SqsQueue>(queue.Name, queue));
                    if (latestByName.GetValueOrDefault(queue.Name) == queue)
                    {
                        latestByName.Remove(queue.Name);
                    }
                    queue.MarkDeleted();
                    break;
                case "purge" when queue is not null:
                    queue.Clear(record.Timestamp!.Value);
                    break;
                case "send" when queue is not null:
                    queue.Add(record.Message!, now);
                    break;
                case "delete" when queue is not null:
                    queue.RemoveBySequence(record.Sequence!.Value);
                    break;
                case "deliver" when queue is not null:
                    queue.RestoreDelivery(record.Sequence!.Value, record.ReceiveCount!.Value, record.FirstReceive!.Value, record.VisibleAt!.Value);
                    break;
            }
        }
        foreach (var queue in AllQueues)
        {
            queue.RebuildIndex(now);
        }
        Compact(journal);
    }

    /// <summary>
    /// Rewrites the journal as a snapshot once it has outgrown the live state (<see cref="DurableJournal.NeedsCompaction"/>).
    /// Called with no lock held; it takes the create gate and then every queue's lock, in the order a change takes them
    /// (create gate, queue, journal), so no change lands between the snapshot and the rewrite.
    /// </summary>
    private void CompactIfGrown()
    {
        if (_journal is not { NeedsCompaction: true } || Interlocked.Exchange(ref _compacting, 1) == 1)
        {
            return;
        }
        try
        {
            lock (_createGate)
            {
                var queues = AllQueues.OrderBy(q => q.Id).ToList();
                foreach (var queue in queues)
                {
                    queue.Gate.Enter();
                }
                try
                {
                    Compact(_journal);
                }
                finally
                {
                    foreach (var queue in queues)
                    {
                        queue.Gate.Exit();
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _compacting, 0);
        }
    }

    /// <summary>Rewrites the journal as one record per live queue and message (at start, and by <see cref="CompactIfGrown"/>).</summary>
    private void Compact(DurableJournal journal)
    {
        var records = new List<string>();
        foreach (var queue in Queues)
        {
            records.Add(JsonSerializer.Serialize(new SqsJournalRecord
            {
                Op = "create-queue", Queue = queue.Name, Region = queue.Region, QueueId = queue.Id, Timestamp = queue.CreatedTimestamp,
                Settings = queue.Settings, Tags = queue.TagsSnapshot(), Arn = queue.Arn,
            }, JournalJson));
            foreach (var message in queue.Snapshot(Now, []))
            {
                records.Add(JsonSerializer.Serialize(new SqsJournalRecord { Op = "send", Queue = queue.Name, Region = queue.Region, Message = message }, JournalJson));
            }
        }
        journal.Rewrite(records);
    }

    public void Dispose()
    {
        foreach (var task in _moveTasks.Values)
        {
            task.Cancellation.Cancel();
        }
        _journal?.Dispose();
    }
}
