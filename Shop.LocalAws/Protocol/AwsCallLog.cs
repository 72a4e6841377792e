using System.Collections.Concurrent;

namespace Shop.LocalAws.Protocol;

/// <summary>One AWS call as LocalAws saw it: who (access key id) did what (service, operation) to which resource.</summary>
public sealed record AwsCall(string? AccessKeyId, string Service, string Operation, string? Resource, int StatusCode);

/// <summary>
/// Records every call by caller identity. Each local function process signs with its own access key id, so the log
/// says which AWS operations each function used on which resources: the evidence IAM policies are checked against.
/// </summary>
public sealed class AwsCallLog
{
    private const int Capacity = 100_000;
    private readonly ConcurrentQueue<AwsCall> _calls = new();
    private int _count; // ConcurrentQueue.Count walks its segments: too slow for every request

    public void Record(AwsCall call)
    {
        _calls.Enqueue(call);
        if (Interlocked.Increment(ref _count) > Capacity && _calls.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    public IReadOnlyList<AwsCall> Snapshot() => [.. _calls];
}
