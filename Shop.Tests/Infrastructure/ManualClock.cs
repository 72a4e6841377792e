namespace Shop.Tests.Infrastructure;

/// <summary>
/// A clock LocalAws tests move forward by hand (SQS visibility and retention, DynamoDB's idempotency window and
/// time to live); timers still run on real time so long polls and sweeps keep working.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
