using System.Diagnostics.Tracing;

namespace Shop.Bench.DynamoDb;

/// <summary>
/// The runtime's own allocation sampling (an event about every 100 KB allocated, naming the type that crossed the
/// mark), listened to in-process: over many calls the counts are proportional to the bytes each type takes.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Resume() => _recording = true;

    public void Pause() => _recording = false;

    /// <summary>The bytes sampled per type since the last call, most first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Stop()
    {
        _recording = false;
        lock (_bytesByType)
        {
            var top = _bytesByType.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToList();
            _bytesByType.Clear();
            return top;
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        // GCAllocationTick_V4: AllocationAmount64 is the bytes since the last tick, TypeName the type that crossed it.
        if (!_recording || data.EventName is null || !data.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.PayloadNames is null)
        {
            return;
        }
        var type = data.Payload![data.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(data.Payload[data.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }
}
