namespace Shop.LocalAws.Sqs.State;

/// <summary>Message counts as GetQueueAttributes reports them.</summary>
public readonly record struct QueueCounts(int Visible, int NotVisible, int Delayed);

/// <summary>What a receipt handle refers to when a caller deletes or changes the visibility of a message.</summary>
public enum ReceiptLookup
{
    /// <summary>The handle's delivery is the message's latest and the message is in flight.</summary>
    Current,

    /// <summary>The message was deleted, expired or purged, or the handle came from an earlier delivery.</summary>
    Gone,

    /// <summary>The handle is the latest delivery's, but its visibility timeout has run out.</summary>
    Expired,
}

/// <summary>
/// One queue: its settings, tags and messages. Messages wait in two places: <c>_ready</c> (visible, in delivery
/// order) and <c>_timers</c> (delayed or in flight, ordered by when they become visible). A receive first moves due
/// timers to ready, then hands out ready messages, so a receive costs O(k log n) for k messages, not a scan.
/// Everything is guarded by one lock per queue; long polls wait on <see cref="WaitForMessagesAsync"/>, which a send completes.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
/// </summary>
public sealed class SqsQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SqsMessage> _messages = [];
    // Each entry carries the message's version when it was filed: a later delivery or visibility change makes it stale.
    // Staleness must not be judged by the clock: a receive that read the time just before a send took the lock would
    // otherwise take the new message for one delivered since, skip it, and strand it invisible for good.
    private readonly Queue<(SqsMessage Message, int Version)> _ready = new();
    private readonly PriorityQueue<(SqsMessage Message, int Version), long> _timers = new();
    private readonly Dictionary<string, (string MessageId, string? SequenceNumber, long ExpiresAt)> _deduplication = new(StringComparer.Ordinal);
    private TaskCompletionSource? _arrival;
    private long _nextSequence;

    public SqsQueue(int id, string region, string name, string arn, QueueSettings settings, long createdTimestamp)
    {
        Id = id;
        Region = region;
        Name = name;
        Arn = arn;
        Settings = settings;
        CreatedTimestamp = createdTimestamp;
        LastModifiedTimestamp = createdTimestamp;
    }

    /// <summary>Distinguishes this queue from an earlier one of the same name (receipt handles name it).</summary>
    public int Id { get; }

    /// <summary>The region the queue lives in: a queue of the same name in another region is another queue.</summary>
    public string Region { get; }
    public string Name { get; }
    public string Arn { get; }
    public bool IsFifo => Settings.FifoQueue;
    public QueueSettings Settings { get; private set; }
    public long CreatedTimestamp { get; }
    public long LastModifiedTimestamp { get; private set; }
    public long? LastPurgeTimestamp { get; private set; }
    public bool Deleted { get; private set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The queue's lock (reentrant). <see cref="SqsState"/> holds it across a change and its journal record, so the
    /// journal has each queue's changes in the order they were made.
    /// </summary>
    internal Lock Gate => _gate;

    public void Update(QueueSettings settings, long now)
    {
        lock (_gate)
        {
            Settings = settings;
            LastModifiedTimestamp = now;
        }
    }

    public void SetTags(IEnumerable<KeyValuePair<string, string>> tags, IEnumerable<string> removed)
    {
        lock (_gate)
        {
            foreach (var key in removed)
            {
                Tags.Remove(key);
            }
            foreach (var (key, value) in tags)
            {
                Tags[key] = value;
            }
        }
    }

    public Dictionary<string, string> TagsSnapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(Tags, StringComparer.Ordinal);
        }
    }

    public long NextSequence() => Interlocked.Increment(ref _nextSequence);

    /// <summary>Adds a message (a redrive, a move or a replayed journal record) and wakes long polls if it is visible.</summary>
    public void Add(SqsMessage message, long now) => TryAdd(message, now, out _);

    /// <summary>
    /// Adds a message unless a FIFO queue already took one with its deduplication id within the 5-minute interval;
    /// then adds nothing and returns that earlier send's id and sequence number (exactly-once, checked atomically).
    /// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
    /// </summary>
    public bool TryAdd(SqsMessage message, long now, out (string MessageId, string? SequenceNumber) earlier)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (IsFifo && message.MessageDeduplicationId is { } id && _deduplication.TryGetValue(id, out var seen) && seen.ExpiresAt > now)
            {
                earlier = (seen.MessageId, seen.SequenceNumber);
                return false;
            }
            earlier = default;
            if (message.Sequence > _nextSequence)
            {
                _nextSequence = message.Sequence;
            }
            _messages[message.Sequence] = message;
            if (message.MessageDeduplicationId is { } deduplicationId)
            {
                _deduplication[deduplicationId] = (message.MessageId, message.SequenceNumber, message.SentTimestamp + 300_000);
            }
            if (message.VisibleAt > now)
            {
                _timers.Enqueue((message, message.Version), message.VisibleAt);
            }
            else
            {
                _ready.Enqueue((message, message.Version));
                wake = TakeArrival();
            }
        }
        wake?.TrySetResult();
        return true;
    }

    /// <summary>
    /// Hands out up to <paramref name="max"/> visible messages, each hidden for <paramref name="visibilityTimeout"/> seconds.
    /// Messages already received maxReceiveCount times are not delivered but returned in <paramref name="deadLetters"/>
    /// (the caller moves them, outside this queue's lock); expired ones are dropped into <paramref name="expired"/>.
    /// </summary>
    public List<ReceivedMessage> Receive(int max, int visibilityTimeout, long now, List<SqsMessage> deadLetters, List<SqsMessage> expired)
    {
        var received = new List<ReceivedMessage>(Math.Min(max, 10));
        lock (_gate)
        {
            if (Deleted)
            {
                return received;
            }
            PromoteDue(now);
            var retentionMs = Settings.MessageRetentionPeriod * 1000L;
            var maxReceiveCount = Settings.Redrive?.MaxReceiveCount ?? int.MaxValue;
            if (IsFifo)
            {
                ReceiveFifo(max, visibilityTimeout, now, retentionMs, maxReceiveCount, received, deadLetters, expired);
                return received;
            }
            while (received.Count < max && _ready.TryDequeue(out var entry))
            {
                var message = entry.Message;
                if (message.Removed || message.Version != entry.Version)
                {
                    continue; // deleted, or delivered (or its visibility changed) since it was filed here
                }
                if (message.SentTimestamp + retentionMs <= now)
                {
                    Remove(message);
                    expired.Add(message);
                    continue;
                }
                if (message.ReceiveCount >= maxReceiveCount)
                {
                    Remove(message);
                    deadLetters.Add(message);
                    continue;
                }
                received.Add(Deliver(message, visibilityTimeout, now));
            }
        }
        return received;
    }

    private void ReceiveFifo(int max, int visibilityTimeout, long now, long retentionMs, int maxReceiveCount,
        List<ReceivedMessage> received, List<SqsMessage> deadLetters, List<SqsMessage> expired)
    {
        // FIFO: within a message group, nothing is delivered while an earlier message of the group is in flight,
        // and messages come in send order. Ready order alone cannot express that, so scan in sequence order.
        _ready.Clear();
        var blockedGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in _messages.Values.OrderBy(m => m.Sequence))
        {
            if (received.Count >= max)
            {
                break;
            }
            var group = message.MessageGroupId ?? string.Empty;
            if (message.SentTimestamp + retentionMs <= now)
            {
                Remove(message);
                expired.Add(message);
                continue;
            }
            if (blockedGroups.Contains(group))
            {
                continue;
            }
            if (message.VisibleAt > now)
            {
                blockedGroups.Add(group);
                continue;
            }
            if (message.ReceiveCount >= maxReceiveCount)
            {
                Remove(message);
                deadLetters.Add(message);
                continue;
            }
            received.Add(Deliver(message, visibilityTimeout, now));
        }
    }

    private ReceivedMessage Deliver(SqsMessage message, int visibilityTimeout, long now)
    {
        // A receive may have read the clock just before this message was sent: it is never received before it was sent.
        now = Math.Max(now, message.VisibleAt);
        message.ReceiveCount++;
        if (message.FirstReceiveTimestamp == 0)
        {
            message.FirstReceiveTimestamp = now;
        }
        message.VisibleAt = now + visibilityTimeout * 1000L;
        message.Version++;
        _timers.Enqueue((message, message.Version), message.VisibleAt);
        return new ReceivedMessage(message, ReceiptHandle.Create(Id, message.Sequence, message.ReceiveCount), message.ReceiveCount, message.FirstReceiveTimestamp);
    }

    private void PromoteDue(long now)
    {
        while (_timers.TryPeek(out var entry, out var at) && at <= now)
        {
            _timers.Dequeue();
            if (!entry.Message.Removed && entry.Message.Version == entry.Version && !IsFifo)
            {
                _ready.Enqueue(entry);
            }
        }
    }

    /// <summary>When the next delayed or in-flight message becomes visible, for a long poll to wake up then.</summary>
    public long? NextVisibleAt()
    {
        lock (_gate)
        {
            while (_timers.TryPeek(out var entry, out var at))
            {
                if (!entry.Message.Removed && entry.Message.Version == entry.Version)
                {
                    return at;
                }
                _timers.Dequeue();
            }
            return null;
        }
    }

    /// <summary>A task that completes when a message may have become available (or the queue was deleted).</summary>
    public Task WaitForMessagesAsync()
    {
        lock (_gate)
        {
            if (Deleted)
            {
                return Task.CompletedTask;
            }
            _arrival ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _arrival.Task;
        }
    }

    private TaskCompletionSource? TakeArrival()
    {
        var arrival = _arrival;
        _arrival = null;
        return arrival;
    }

    public ReceiptLookup Find(long sequence, int receiveCount, long now, out SqsMessage? message)
    {
        lock (_gate)
        {
            return FindLocked(sequence, receiveCount, now, out message);
        }
    }

    private ReceiptLookup FindLocked(long sequence, int receiveCount, long now, out SqsMessage? message)
    {
        if (!_messages.TryGetValue(sequence, out message) || message.ReceiveCount != receiveCount)
        {
            return ReceiptLookup.Gone;
        }
        return message.VisibleAt > now ? ReceiptLookup.Current : ReceiptLookup.Expired;
    }

    /// <summary>
    /// Deletes the message a receipt handle names. A handle of an earlier delivery deletes nothing (AWS: "the request
    /// succeeds, but the message might not be deleted"), so a slow consumer cannot delete a message another now holds.
    /// </summary>
    public SqsMessage? Delete(long sequence, int receiveCount, long now)
    {
        lock (_gate)
        {
            if (FindLocked(sequence, receiveCount, now, out var message) is ReceiptLookup.Gone)
            {
                return null;
            }
            Remove(message!);
            return message;
        }
    }

    public void RemoveBySequence(long sequence)
    {
        lock (_gate)
        {
            if (_messages.TryGetValue(sequence, out var message))
            {
                Remove(message);
            }
        }
    }

    /// <summary>Changes the visibility timeout of an in-flight message, counted from now.</summary>
    public ReceiptLookup ChangeVisibility(long sequence, int receiveCount, int visibilityTimeout, long now, out SqsMessage? changed)
    {
        TaskCompletionSource? wake = null;
        ReceiptLookup lookup;
        lock (_gate)
        {
            lookup = FindLocked(sequence, receiveCount, now, out changed);
            if (lookup is ReceiptLookup.Current)
            {
                SetVisibleAt(changed!, now + visibilityTimeout * 1000L, now);
                if (visibilityTimeout == 0)
                {
                    wake = TakeArrival();
                }
            }
        }
        wake?.TrySetResult();
        return lookup;
    }

    /// <summary>Restores a message's delivery state from the journal; <see cref="RebuildIndex"/> files it afterwards.</summary>
    public void RestoreDelivery(long sequence, int receiveCount, long firstReceive, long visibleAt)
    {
        lock (_gate)
        {
            if (_messages.TryGetValue(sequence, out var message))
            {
                message.ReceiveCount = receiveCount;
                message.FirstReceiveTimestamp = firstReceive;
                message.VisibleAt = visibleAt;
            }
        }
    }

    /// <summary>Files every message once into ready or timers by its visibility (after a journal replay).</summary>
    public void RebuildIndex(long now)
    {
        lock (_gate)
        {
            _ready.Clear();
            _timers.Clear();
            foreach (var message in _messages.Values.OrderBy(m => m.Sequence))
            {
                message.Version++;
                if (message.VisibleAt <= now)
                {
                    _ready.Enqueue((message, message.Version));
                }
                else
                {
                    _timers.Enqueue((message, message.Version), message.VisibleAt);
                }
            }
        }
    }

    private void SetVisibleAt(SqsMessage message, long visibleAt, long now)
    {
        message.VisibleAt = visibleAt;
        message.Version++;
        if (visibleAt <= now)
        {
            _ready.Enqueue((message, message.Version));
        }
        else
        {
            _timers.Enqueue((message, message.Version), visibleAt);
        }
    }

    private void Remove(SqsMessage message)
    {
        message.Removed = true;
        _messages.Remove(message.Sequence);
    }

    /// <summary>Deletes every message. Returns false when a purge happened within the last 60 seconds.</summary>
    public bool Purge(long now)
    {
        lock (_gate)
        {
            if (LastPurgeTimestamp is { } last && now - last < 60_000)
            {
                return false;
            }
            ClearLocked();
            LastPurgeTimestamp = now;
            return true;
        }
    }

    /// <summary>Deletes every message unconditionally (a purge replayed from the journal).</summary>
    public void Clear(long purgedAt)
    {
        lock (_gate)
        {
            ClearLocked();
            LastPurgeTimestamp = purgedAt;
        }
    }

    private void ClearLocked()
    {
        foreach (var message in _messages.Values)
        {
            message.Removed = true;
        }
        _messages.Clear();
        _ready.Clear();
        _timers.Clear();
    }

    public void MarkDeleted()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            Deleted = true;
            ClearLocked();
            wake = TakeArrival();
        }
        wake?.TrySetResult();
    }

    /// <summary>Counts by state, dropping messages past the retention period first.</summary>
    public QueueCounts Count(long now, List<SqsMessage> expired)
    {
        lock (_gate)
        {
            DropExpiredLocked(now, expired);
            int visible = 0, notVisible = 0, delayed = 0;
            foreach (var message in _messages.Values)
            {
                if (message.IsInFlight(now))
                {
                    notVisible++;
                }
                else if (message.IsDelayed(now))
                {
                    delayed++;
                }
                else
                {
                    visible++;
                }
            }
            return new QueueCounts(visible, notVisible, delayed);
        }
    }

    /// <summary>The live messages in sequence order (for the UI, move tasks and journal compaction).</summary>
    public List<SqsMessage> Snapshot(long now, List<SqsMessage> expired)
    {
        lock (_gate)
        {
            DropExpiredLocked(now, expired);
            return [.. _messages.Values.OrderBy(m => m.Sequence)];
        }
    }

    /// <summary>Removes the visible messages (up to <paramref name="max"/>) so a move task can place them elsewhere.</summary>
    public List<SqsMessage> TakeVisible(int max, long now)
    {
        lock (_gate)
        {
            var taken = new List<SqsMessage>();
            foreach (var message in _messages.Values.OrderBy(m => m.Sequence))
            {
                if (taken.Count >= max)
                {
                    break;
                }
                if (message.VisibleAt <= now)
                {
                    taken.Add(message);
                }
            }
            foreach (var message in taken)
            {
                Remove(message);
            }
            return taken;
        }
    }

    public int VisibleCount(long now)
    {
        lock (_gate)
        {
            return _messages.Values.Count(m => m.VisibleAt <= now);
        }
    }

    private void DropExpiredLocked(long now, List<SqsMessage> expired)
    {
        var retentionMs = Settings.MessageRetentionPeriod * 1000L;
        foreach (var message in _messages.Values)
        {
            if (message.SentTimestamp + retentionMs <= now)
            {
                expired.Add(message);
            }
        }
        foreach (var message in expired)
        {
            Remove(message);
        }
    }
}
