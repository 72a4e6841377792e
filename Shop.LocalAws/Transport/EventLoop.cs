using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Shop.LocalAws.Protocol;
using static Shop.LocalAws.Transport.LinuxSockets;

namespace Shop.LocalAws.Transport;

/// <summary>
/// One of LocalAws's event threads (one per core, at a lower scheduling priority than its callers, unless
/// <c>LocalAws:EventLoops</c> and <c>LocalAws:EventLoopNice</c> say otherwise): it
/// serves the <see cref="JsonFastPath"/>'s requests on its share of the connections with plain system calls: a
/// level-triggered epoll set, one <c>recv</c> per readable connection, the fast path's answers for every whole request
/// read, and one <c>send</c> per connection once the round of ready connections is served. A connection whose next
/// request the fast path does not take (S3, the UI, an SQS long poll that has to wait, an unusual or large request,
/// any request while request telemetry is collected) leaves the loop with the bytes already read, and
/// <see cref="EventLoopTransport"/> gives it to Kestrel's HTTP server. The first loop of a group also accepts the
/// port's connections and deals them out to the group in turn.
/// <para>
/// Below .NET's socket layer a call skips the socket engine's completion machinery, the pipes and the async state
/// machines: on a 2-core laptop the loop costs about 5–10 µs less server CPU per DynamoDB call than Kestrel's own
/// transport (bench/README.md). It serves synchronously, which is right for the fast path's services: their work is
/// short, in memory, and never waits (what would wait is declined and goes to Kestrel).
/// </para>
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    private const ulong WakeTag = 0;
    private const ulong ListenerTag = 1;
    private const int MaxEvents = 256;
    private const int InitialInputBytes = 4 * 1024;
    private const int StopAcceptingRequest = 1;
    private const int StopRequest = 2;
    private const int MaxUnsentBytes = 256 * 1024;

    // How often the loop looks for connections past their timeouts (Kestrel's heartbeat is once a second too).
    private const int SweepIntervalMs = 1000;

    private readonly JsonFastPath _fastPath;
    private readonly Socket? _listenSocket;
    private readonly ConcurrentQueue<int> _adopted = new();
    private readonly Action<Socket, ReadOnlyMemory<byte>> _handOff;
    private readonly ILogger _logger;
    private readonly int _nice;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Dictionary<ulong, Connection> _connections = [];
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);

    // The answers of one round of ready connections, kept in _output until the round is served (see Serve).
    private readonly List<(Connection Connection, int Start, int Length)> _unsent = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stoppedAccepting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _nextTag = 2;
    private int _nextInGroup;
    private volatile bool _disposed;
    private int _request;
    private bool _accepting = true;
    private readonly long _keepAliveMs;
    private readonly long _requestMs;
    private long _nextSweep;
    private readonly List<Connection> _timedOut = [];

    /// <summary>A connection the loop serves: what it has read and not yet answered, and what it could not send yet.</summary>
    private sealed class Connection(int fd, ulong tag)
    {
        public readonly int Fd = fd;
        public readonly ulong Tag = tag;
        public byte[] Input = new byte[InitialInputBytes];
        public int Filled;
        public byte[]? Pending;
        public bool CloseWhenSent;
        public bool HandOffWhenSent;

        /// <summary>When bytes last arrived (Environment.TickCount64): an idle connection closes after the keep-alive timeout.</summary>
        public long LastActivity;

        /// <summary>When the request now partly read began to arrive: it must be whole within the request timeout.</summary>
        public long RequestStarted;
    }

    /// <param name="listenSocket">For the group's first loop, a bound, listening socket: it accepts on it until <see cref="StopAcceptingAsync"/>.</param>
    /// <param name="handOff">Takes a connection the loop leaves, with the bytes it read and did not answer; called on the loop's thread.</param>
    /// <param name="nice">The loop thread's scheduling priority (<see cref="LocalAwsOptions.EventLoopNice"/>).</param>
    /// <remarks>Connections are held to the fast path's <see cref="JsonFastPath.KeepAliveTimeout"/> and <see cref="JsonFastPath.RequestTimeout"/>.</remarks>
    public EventLoop(JsonFastPath fastPath, Socket? listenSocket, Action<Socket, ReadOnlyMemory<byte>> handOff, ILogger logger, int nice = 0)
    {
        _nice = nice;
        _keepAliveMs = (long)fastPath.KeepAliveTimeout.TotalMilliseconds;
        _requestMs = (long)fastPath.RequestTimeout.TotalMilliseconds;
        _fastPath = fastPath;
        _listenSocket = listenSocket;
        _handOff = handOff;
        _logger = logger;
        _epoll = epoll_create1(CloseOnExec);
        _wake = eventfd(0, NonBlocking | CloseOnExec);
        if (_epoll < 0 || _wake < 0)
        {
            throw new SocketException(Errno);
        }
        Check(Control(_epoll, EpollCtlAdd, _wake, EpollIn, WakeTag));
        if (listenSocket is not null)
        {
            listenSocket.Blocking = false;
            Check(Control(_epoll, EpollCtlAdd, (int)listenSocket.SafeHandle.DangerousGetHandle(), EpollIn, ListenerTag));
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "LocalAws event loop" };
    }

    /// <summary>The loops that share the accepted connections (this one included); set before <see cref="Start"/>.</summary>
    public EventLoop[] Group { get; set; } = [];

    public void Start() => _thread.Start();

    /// <summary>From the accepting loop: serve this accepted connection from now on.</summary>
    private void Adopt(int fd)
    {
        if (Volatile.Read(ref _request) != 0)
        {
            close(fd);
            return;
        }
        _adopted.Enqueue(fd);
        Wake();
    }

    /// <summary>Stops accepting and closes the connections that wait for a request; the others close after their current one.</summary>
    public Task StopAcceptingAsync()
    {
        Signal(StopAcceptingRequest);
        return _stoppedAccepting.Task;
    }

    /// <summary>Closes every connection the loop still has and ends its thread.</summary>
    public Task StopAsync()
    {
        Signal(StopRequest);
        return _stopped.Task;
    }

    /// <summary>Closes the loop's epoll set and wake-up descriptor; after <see cref="StopAsync"/> has completed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        close(_wake);
        close(_epoll);
    }

    private void Signal(int request)
    {
        if (_disposed)
        {
            return;
        }
        int current;
        do
        {
            current = Volatile.Read(ref _request);
        }
        while (current < request && Interlocked.CompareExchange(ref _request, request, current) != current);
        Wake();
    }

    private void Wake()
    {
        ulong one = 1;
        write(_wake, (byte*)&one, sizeof(ulong));
    }

    private static void Check(int result)
    {
        if (result < 0)
        {
            throw new SocketException(Errno);
        }
    }

    /// <summary>The Linux id of the loop's thread once it runs (0 before).</summary>
    public int ThreadId { get; private set; }

    private void Run()
    {
        ThreadId = gettid();
        // Set even when 0: a thread inherits its creator's nice value, and the creator may be a niced loop's.
        if (setpriority(PriorityOfProcess, (uint)ThreadId, _nice) != 0)
        {
            _logger.LogWarning("LocalAws's event loop keeps its scheduling priority: setpriority to nice {Nice} failed with errno {Errno}", _nice, Errno);
        }
        var events = stackalloc byte[MaxEvents * EventSize];
        try
        {
            while (true)
            {
                // With connections to watch, the loop wakes at least once a sweep interval to close the timed-out ones.
                var ready = epoll_wait(_epoll, events, MaxEvents, _connections.Count == 0 ? -1 : SweepIntervalMs);
                if (ready < 0)
                {
                    if (Errno == EIntr)
                    {
                        continue;
                    }
                    throw new SocketException(Errno);
                }
                for (var i = 0; i < ready; i++)
                {
                    var tag = EventData(events, i);
                    if (tag == WakeTag)
                    {
                        ulong count;
                        read(_wake, (byte*)&count, sizeof(ulong));
                        while (_adopted.TryDequeue(out var fd))
                        {
                            Register(fd);
                        }
                    }
                    else if (tag == ListenerTag)
                    {
                        AcceptAll();
                    }
                    else if (_connections.TryGetValue(tag, out var connection))
                    {
                        OnReady(connection, EventFlags(events, i));
                    }
                }
                SendUnsent();
                if (_connections.Count > 0 && Environment.TickCount64 >= _nextSweep)
                {
                    CloseTimedOut();
                }
                var request = Volatile.Read(ref _request);
                if (request >= StopAcceptingRequest && _accepting)
                {
                    StopAccepting();
                }
                if (request >= StopRequest)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            // The loop's own failure (epoll itself): LocalAws can no longer take connections on this port.
            _logger.LogCritical(e, "LocalAws's event loop stopped");
        }
        finally
        {
            foreach (var connection in _connections.Values.ToArray())
            {
                Close(connection);
            }
            if (_accepting)
            {
                StopAccepting();
            }
            while (_adopted.TryDequeue(out var fd))
            {
                close(fd);
            }
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Closes the connections past Kestrel's timeouts, as Kestrel would close its own: idle ones after the keep-alive
    /// timeout, and ones whose request has been arriving for longer than the request headers timeout. A connection
    /// still waiting to send an answer is left to its send.
    /// </summary>
    private void CloseTimedOut()
    {
        var now = Environment.TickCount64;
        _nextSweep = now + SweepIntervalMs;
        foreach (var connection in _connections.Values)
        {
            if (connection.Pending is null &&
                (connection.Filled == 0 ? now - connection.LastActivity > _keepAliveMs : now - connection.RequestStarted > _requestMs))
            {
                _timedOut.Add(connection);
            }
        }
        foreach (var connection in _timedOut)
        {
            Close(connection);
        }
        _timedOut.Clear();
    }

    private void StopAccepting()
    {
        _accepting = false;
        if (_listenSocket is not null)
        {
            Control(_epoll, EpollCtlDel, (int)_listenSocket.SafeHandle.DangerousGetHandle(), 0, 0);
            _listenSocket.Dispose();
        }
        while (_adopted.TryDequeue(out var fd))
        {
            close(fd);
        }
        foreach (var connection in _connections.Values.ToArray())
        {
            if (connection.Filled == 0 && connection.Pending is null)
            {
                Close(connection);
            }
        }
        _stoppedAccepting.TrySetResult();
    }

    private void AcceptAll()
    {
        var listenFd = (int)_listenSocket!.SafeHandle.DangerousGetHandle();
        while (_accepting)
        {
            var fd = accept4(listenFd, null, null, NonBlocking | CloseOnExec);
            if (fd < 0)
            {
                var errno = Errno;
                if (errno is EIntr or EConnAborted)
                {
                    continue;
                }
                if (errno != EAgain)
                {
                    // Out of descriptors, most likely: the pending connections wait in the backlog until one closes.
                    _logger.LogWarning("LocalAws could not accept a connection: {Error}", new SocketException(errno).Message);
                }
                return;
            }
            // As Kestrel does: replies go out at once rather than waiting to be coalesced.
            var one = 1;
            setsockopt(fd, IpProtoTcp, TcpNoDelay, &one, sizeof(int));
            var loop = Group.Length == 0 ? this : Group[_nextInGroup++ % Group.Length];
            if (loop == this)
            {
                Register(fd);
            }
            else
            {
                loop.Adopt(fd);
            }
        }
    }

    private void Register(int fd)
    {
        if (!_accepting)
        {
            close(fd);
            return;
        }
        var connection = new Connection(fd, _nextTag++) { LastActivity = Environment.TickCount64 };
        if (Control(_epoll, EpollCtlAdd, fd, EpollIn | EpollRdHup, connection.Tag) < 0)
        {
            close(fd);
            return;
        }
        _connections.Add(connection.Tag, connection);
        _fastPath.CountEventLoopConnection();
    }

    private void OnReady(Connection connection, uint flags)
    {
        try
        {
            if (connection.Pending is not null)
            {
                if ((flags & (EpollOut | EpollErr | EpollHup)) != 0)
                {
                    SendPending(connection);
                }
                return;
            }
            Receive(connection);
        }
        catch (Exception e)
        {
            // A request's own failures are answered by its service; this is a bug below that, and costs one connection.
            _logger.LogError(e, "LocalAws's event loop closed a connection after an unexpected error");
            Close(connection);
        }
    }

    private void Receive(Connection connection)
    {
        if (connection.Filled == connection.Input.Length)
        {
            if (connection.Input.Length >= JsonFastPath.MaxRequestBytes)
            {
                // Not a request the fast path answers (it would have said so); Kestrel will.
                HandOff(connection);
                return;
            }
            Array.Resize(ref connection.Input, Math.Min(connection.Input.Length * 2, JsonFastPath.MaxRequestBytes));
        }
        nint received;
        fixed (byte* input = connection.Input)
        {
            received = recv(connection.Fd, input + connection.Filled, (nuint)(connection.Input.Length - connection.Filled), 0);
        }
        if (received < 0 && Errno is EAgain or EIntr)
        {
            return;
        }
        if (received <= 0)
        {
            // The client is gone or has finished sending; a request left half sent can never be completed.
            Close(connection);
            return;
        }
        var now = Environment.TickCount64;
        if (connection.Filled == 0)
        {
            connection.RequestStarted = now;
        }
        connection.LastActivity = now;
        connection.Filled += (int)received;
        Serve(connection);
    }

    /// <summary>
    /// Answers the whole requests read on <paramref name="connection"/>. Answers that leave the connection as it was
    /// wait in <see cref="_output"/> until every connection of this round is served (<see cref="SendUnsent"/>): each
    /// <c>send</c> wakes a caller, and on a small machine the woken caller takes the core from the loop while
    /// requests are still waiting in it (bench/README.md).
    /// </summary>
    private void Serve(Connection connection)
    {
        var buffer = new ReadOnlySequence<byte>(connection.Input, 0, connection.Filled);
        var start = _output.WrittenCount;
        var next = _fastPath.ServeBuffered(ref buffer, _output);
        var rest = (int)buffer.Length;
        if (rest > 0 && rest < connection.Filled)
        {
            Buffer.BlockCopy(connection.Input, connection.Filled - rest, connection.Input, 0, rest);
            // What is left is the start of the next request.
            connection.RequestStarted = Environment.TickCount64;
        }
        connection.Filled = rest;
        var length = _output.WrittenCount - start;
        if (next == JsonFastPath.Continuation.ReadMore && _accepting)
        {
            if (length > 0)
            {
                _unsent.Add((connection, start, length));
                if (_output.WrittenCount >= MaxUnsentBytes)
                {
                    SendUnsent();
                }
            }
            return;
        }
        // The connection closes or goes to Kestrel after this answer: it is sent now, and what follows waits for it.
        if (length > 0 && !Send(connection, _output.WrittenSpan.Slice(start, length)))
        {
            return;
        }
        switch (next)
        {
            case JsonFastPath.Continuation.Close:
                CloseWhenSent(connection);
                break;
            case JsonFastPath.Continuation.HandToKestrel:
                if (connection.Pending is null)
                {
                    HandOff(connection);
                }
                else
                {
                    connection.HandOffWhenSent = true;
                }
                break;
            default:
                if (!_accepting && connection.Filled == 0)
                {
                    // Shutting down: no new request starts on this connection.
                    CloseWhenSent(connection);
                }
                break;
        }
    }

    /// <summary>Sends the answers <see cref="Serve"/> kept back, in the order they were served.</summary>
    private void SendUnsent()
    {
        foreach (var (connection, start, length) in _unsent)
        {
            // Only the connection's own round can close it, and that round kept nothing back for it then.
            Send(connection, _output.WrittenSpan.Slice(start, length));
        }
        _unsent.Clear();
        _output.ResetWrittenCount();
    }

    private void CloseWhenSent(Connection connection)
    {
        if (connection.Pending is null)
        {
            Close(connection);
        }
        else
        {
            connection.CloseWhenSent = true;
        }
    }

    /// <summary>Sends <paramref name="bytes"/>, keeping what the socket does not take now; false when the connection is closed.</summary>
    private bool Send(Connection connection, ReadOnlySpan<byte> bytes)
    {
        var sent = 0;
        fixed (byte* start = bytes)
        {
            while (sent < bytes.Length)
            {
                var written = send(connection.Fd, start + sent, (nuint)(bytes.Length - sent), MsgNoSignal);
                if (written >= 0)
                {
                    sent += (int)written;
                    continue;
                }
                var errno = Errno;
                if (errno == EIntr)
                {
                    continue;
                }
                if (errno != EAgain)
                {
                    Close(connection);
                    return false;
                }
                // The client reads slower than we answer: keep the rest and read nothing more until it is sent.
                connection.Pending = bytes[sent..].ToArray();
                Control(_epoll, EpollCtlMod, connection.Fd, EpollOut, connection.Tag);
                return true;
            }
        }
        return true;
    }

    private void SendPending(Connection connection)
    {
        var pending = connection.Pending!;
        connection.Pending = null;
        if (!Send(connection, pending) || connection.Pending is not null)
        {
            return;
        }
        Control(_epoll, EpollCtlMod, connection.Fd, EpollIn | EpollRdHup, connection.Tag);
        if (connection.CloseWhenSent)
        {
            Close(connection);
        }
        else if (connection.HandOffWhenSent)
        {
            HandOff(connection);
        }
        else if (!_accepting && connection.Filled == 0)
        {
            Close(connection);
        }
    }

    private void HandOff(Connection connection)
    {
        Control(_epoll, EpollCtlDel, connection.Fd, 0, 0);
        _connections.Remove(connection.Tag);
        if (!_accepting)
        {
            // Kestrel takes no more connections once it stops.
            shutdown(connection.Fd, ShutWrite);
            close(connection.Fd);
            return;
        }
        // The loop lets go of the connection: its input array goes with it.
        var read = connection.Input.AsMemory(0, connection.Filled);
        Socket socket;
        try
        {
            socket = new Socket(new SafeSocketHandle(connection.Fd, ownsHandle: true));
        }
        catch (SocketException)
        {
            // The client went away between its request and now.
            close(connection.Fd);
            return;
        }
        _fastPath.CountHandOff();
        _handOff(socket, read);
    }

    private void Close(Connection connection)
    {
        if (!_connections.Remove(connection.Tag))
        {
            return;
        }
        Control(_epoll, EpollCtlDel, connection.Fd, 0, 0);
        shutdown(connection.Fd, ShutWrite);
        close(connection.Fd);
    }
}
