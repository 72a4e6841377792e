using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Transport;

/// <summary>
/// Kestrel's transport for LocalAws's port on Linux: an <see cref="EventLoop"/> accepts the connections and serves the
/// <see cref="JsonFastPath"/>'s requests itself; each connection it leaves becomes an ordinary Kestrel socket
/// connection (<see cref="SocketConnectionContextFactory"/>, the same code as Kestrel's own socket transport) that
/// first reads the bytes the loop had read. Kestrel's HTTP server then serves it from that request on, exactly as if
/// it had accepted it itself. Registered by <see cref="LocalAwsApp"/> only when the fast path is on (no OTLP
/// collector, neither <c>LocalAws:JsonFastPath</c> nor <c>LocalAws:EventLoop</c> false) and Linux's epoll is at hand;
/// elsewhere the fast path runs as a Kestrel connection middleware.
/// </summary>
public sealed class EventLoopTransport(IServiceProvider services, LocalAwsOptions options, ILoggerFactory loggerFactory) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>
    /// Loops when <see cref="LocalAwsOptions.EventLoops"/> does not say: one per core. LocalAws always shares its machine
    /// with its callers (it is a local emulator), so its loops run at a lower priority than they do
    /// (<see cref="LocalAwsOptions.EventLoopNice"/>): a caller woken by an answer gets a core at once instead of queueing
    /// behind a loop, and the loops still use every core the callers leave idle (bench/README.md).
    /// </summary>
    public static int DefaultLoopCount => Math.Clamp(Environment.ProcessorCount, 1, 16);

    /// <summary>The most loops <see cref="LocalAwsOptions.EventLoops"/> may ask for.</summary>
    public const int MaxLoops = 64;

    /// <summary>Whether this machine can run the event loop (Linux on x86-64 or arm64).</summary>
    public static bool IsSupported => LinuxSockets.Supported;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (options.EventLoops is < 0 or > MaxLoops)
        {
            throw new InvalidOperationException($"LocalAws:EventLoops is {options.EventLoops}: it must be 0 (one per core) or a number of loops from 1 to {MaxLoops}.");
        }
        if (options.EventLoopNice is < 0 or > 19)
        {
            throw new InvalidOperationException($"LocalAws:EventLoopNice is {options.EventLoopNice}: it must be a nice value from 0 (the callers' priority) to 19 (the lowest).");
        }
        Socket listenSocket;
        try
        {
            listenSocket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            listenSocket.Listen(512);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Kestrel reports this one as "address already in use", as with its own transport.
            throw new AddressInUseException(e.Message, e);
        }
        var loops = options.EventLoops > 0 ? options.EventLoops : DefaultLoopCount;
        // The connections the loops keep are held to Kestrel's own limits, as if Kestrel served them.
        var limits = services.GetService<IOptions<KestrelServerOptions>>()?.Value.Limits ?? new KestrelServerLimits();
        var fastPath = JsonFastPath.Create(services);
        fastPath.KeepAliveTimeout = limits.KeepAliveTimeout;
        fastPath.RequestTimeout = limits.RequestHeadersTimeout;
        var listener = new Listener(listenSocket, loops, fastPath, loggerFactory, options.EventLoopNice);
        loggerFactory.CreateLogger<EventLoopTransport>().LogInformation(
            "{Loops} event loop(s) at nice {Nice} serve {Endpoint} (LocalAws:EventLoops, LocalAws:EventLoopNice)", loops, options.EventLoopNice, listener.EndPoint);
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    internal sealed class Listener : IConnectionListener
    {
        private readonly EventLoop[] _loops;
        private readonly SocketConnectionContextFactory _connections;
        private readonly Channel<ConnectionContext> _handedOff = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleWriter = false });
        private readonly ILogger _logger;
        private int _stopped;

        public Listener(Socket listenSocket, int loops, JsonFastPath fastPath, ILoggerFactory loggerFactory, int nice = 0)
        {
            EndPoint = listenSocket.LocalEndPoint!;
            _logger = loggerFactory.CreateLogger<EventLoopTransport>();
            _connections = new SocketConnectionContextFactory(
                new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = SocketTransport.RunsInline },
                loggerFactory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
            _loops = new EventLoop[loops];
            for (var i = 0; i < _loops.Length; i++)
            {
                _loops[i] = new EventLoop(fastPath, i == 0 ? listenSocket : null, HandOff, _logger, nice);
            }
            foreach (var loop in _loops)
            {
                loop.Group = _loops;
                loop.Start();
            }
        }

        public EndPoint EndPoint { get; }

        /// <summary>How many event loops serve this port.</summary>
        public int LoopCount => _loops.Length;

        /// <summary>The Linux ids of the loops' threads (0 for a loop whose thread has not started yet).</summary>
        internal IEnumerable<int> LoopThreadIds => _loops.Select(loop => loop.ThreadId);

        /// <summary>On a loop's thread: the connection becomes Kestrel's.</summary>
        private void HandOff(Socket socket, ReadOnlyMemory<byte> alreadyRead)
        {
            ConnectionContext connection;
            try
            {
                connection = _connections.Create(socket);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A connection could not be handed to Kestrel");
                socket.Dispose();
                return;
            }
            if (alreadyRead.Length > 0)
            {
                connection.Transport = new DuplexPipe(new PrefixedPipeReader(alreadyRead, connection.Transport.Input), connection.Transport.Output);
            }
            _handedOff.Writer.TryWrite(connection);
        }

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (await _handedOff.Reader.WaitToReadAsync(cancellationToken))
            {
                if (_handedOff.Reader.TryRead(out var connection))
                {
                    return connection;
                }
            }
            return null;
        }

        public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            // The accepting loop first, so that no connection is dealt to a loop that has stopped.
            foreach (var loop in _loops)
            {
                await loop.StopAcceptingAsync();
            }
            // The loop hands off nothing more now: Kestrel's accept loop ends after the connections it was given.
            _handedOff.Writer.TryComplete();
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }
            foreach (var loop in _loops)
            {
                await loop.StopAsync();
                loop.Dispose();
            }
            _handedOff.Writer.TryComplete();
            while (_handedOff.Reader.TryRead(out var connection))
            {
                await connection.DisposeAsync();
            }
            _connections.Dispose();
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
