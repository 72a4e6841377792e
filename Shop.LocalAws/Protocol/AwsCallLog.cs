using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Shop.LocalAws.Protocol;

/// <summary>One kind of AWS call as LocalAws saw it: who (access key id) did what (service, operation) to which resource, and how it ended.</summary>
public readonly record struct AwsCall(string? AccessKeyId, string Service, string Operation, string? Resource, int StatusCode);

/// <summary>
/// Records every call by caller identity. Each local function process signs with its own access key id, so the log
/// says which AWS operations each function used on which resources: the evidence IAM policies are checked against.
/// It keeps each distinct call once with the number of times it was made: that is all the evidence needs, its size
/// follows the number of resources rather than the number of requests, and recording a call seen before allocates
/// nothing (a log of every request kept each one alive long enough for the garbage collector to promote it).
/// </summary>
/// <param name="capacity">Distinct calls kept at most; past it new kinds of call are counted in <see cref="Overflowed"/> only.</param>
public sealed class AwsCallLog(int capacity = 100_000)
{
    private readonly ConcurrentDictionary<AwsCall, StrongBox<long>> _calls = new();
    private long _overflowed;

    public void Record(AwsCall call)
    {
        if (_calls.TryGetValue(call, out var count))
        {
            Interlocked.Increment(ref count.Value);
        }
        else if (_calls.Count < capacity)
        {
            Interlocked.Increment(ref _calls.GetOrAdd(call, static _ => new StrongBox<long>()).Value);
        }
        else
        {
            Interlocked.Increment(ref _overflowed);
        }
    }

    /// <summary>Each distinct call seen so far, once.</summary>
    public IReadOnlyList<AwsCall> Snapshot() => [.. _calls.Keys];

    /// <summary>How many times <paramref name="call"/> was made.</summary>
    public long TimesMade(AwsCall call) => _calls.TryGetValue(call, out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>Calls not recorded because the capacity's worth of distinct calls were already kept.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);
}
