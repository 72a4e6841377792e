using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// One function's pending events and the execution environments serving them. Environments take events with
/// the Runtime API's <c>next</c>; the runner's supervisor watches <see cref="Demand"/> to start another
/// environment when events wait and none is idle (Lambda's scale-out, one event at a time per environment).
/// </summary>
public sealed class LambdaFunctionQueue(LambdaFunctionConfiguration configuration)
{
    private readonly Channel<LambdaInvocation> _pending = Channel.CreateUnbounded<LambdaInvocation>();
    private readonly ConcurrentDictionary<string, LambdaInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingCount;
    private int _idle;
    private long _version;

    public LambdaFunctionConfiguration Configuration { get; set; } = configuration;

    /// <summary>What a supervisor needs to scale: events waiting, environments waiting for events, environments busy.</summary>
    public FunctionDemand Demand => new(Interlocked.Read(ref _version), Volatile.Read(ref _pendingCount), Volatile.Read(ref _idle), _inFlight.Count);

    public void Enqueue(LambdaInvocation invocation)
    {
        Interlocked.Increment(ref _pendingCount);
        _pending.Writer.TryWrite(invocation);
        Changed();
    }

    /// <summary>Waits for the next event not already settled; the caller is an idle execution environment.</summary>
    public async Task<LambdaInvocation> TakeNextAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _idle);
        Changed();
        try
        {
            while (true)
            {
                var invocation = await _pending.Reader.ReadAsync(cancellationToken);
                Interlocked.Decrement(ref _pendingCount);
                if (invocation.Completion.Task.IsCompleted)
                {
                    continue; // failed while waiting (an init error, or nobody came in time)
                }
                _inFlight[invocation.RequestId] = invocation;
                return invocation;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _idle);
            Changed();
        }
    }

    public bool TryGetInFlight(string requestId, out LambdaInvocation invocation) => _inFlight.TryGetValue(requestId, out invocation!);

    /// <summary>Settles an invocation once; later responses for it (after a timeout) are refused.</summary>
    public bool Complete(LambdaInvocation invocation, LambdaInvocationResult result)
    {
        var completed = invocation.Completion.TrySetResult(result);
        _inFlight.TryRemove(invocation.RequestId, out _);
        Changed();
        return completed;
    }

    /// <summary>Fails every event still waiting for an environment (after an init error, as Lambda fails the invocation that started it).</summary>
    public int FailPending(LambdaInvocationResult result)
    {
        var failed = 0;
        while (_pending.Reader.TryRead(out var invocation))
        {
            Interlocked.Decrement(ref _pendingCount);
            if (invocation.Completion.TrySetResult(result))
            {
                failed++;
            }
        }
        Changed();
        return failed;
    }

    /// <summary>Returns when <see cref="Demand"/> differs from the given version, or after the wait.</summary>
    public async Task WaitForChangeAsync(long knownVersion, TimeSpan wait, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (Interlocked.Read(ref _version) != knownVersion)
            {
                return;
            }
            changed = _changed.Task;
        }
        await Task.WhenAny(changed, Task.Delay(wait, cancellationToken));
    }

    private void Changed()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            Interlocked.Increment(ref _version);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}

/// <summary>A snapshot of one function's load, as the supervisor endpoint reports it.</summary>
public sealed record FunctionDemand(long Version, int Pending, int Idle, int Busy);
