using System.Collections.Concurrent;
using System.Diagnostics;

namespace Shop.Tests.Infrastructure;

/// <summary>Records, while it lives, every span the named activity sources stop (all sampled and recorded).</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;

    public SpanRecorder(params string[] sourceNames)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sourceNames.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans stopped so far.</summary>
    public ConcurrentBag<Activity> Spans { get; } = [];

    public void Dispose() => _listener.Dispose();
}
