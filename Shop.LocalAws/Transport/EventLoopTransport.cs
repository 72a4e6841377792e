using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
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
public sealed class EventLoopTransport(IServiceProvider services, ILoggerFactory loggerFactory) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>Whether this machine can run the event loop (Linux on x86-64 or arm64).</summary>
    public static bool IsSupported => LinuxSockets.Supported;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
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
        var listener = new Listener(listenSocket, JsonFastPath.Create(services), loggerFactory);
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    private sealed class Listener : IConnectionListener
    {
        private readonly EventLoop[] _loops;
        private readonly SocketConnectionContextFactory _connections;
        private readonly Channel<ConnectionContext> _handedOff = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleWriter = false });
        private readonly ILogger _logger;
        private int _stopped;

        public Listener(Socket listenSocket, JsonFastPath fastPath, ILoggerFactory loggerFactory)
        {
            EndPoint = listenSocket.LocalEndPoint!;
            _logger = loggerFactory.CreateLogger<EventLoopTransport>();
            _connections = new SocketConnectionContextFactory(
                new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = SocketTransport.RunsInline },
                loggerFactory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
            // One loop per core, as .NET's own socket engine runs one event thread per core when it completes inline.
            _loops = new EventLoop[Math.Clamp(Environment.ProcessorCount, 1, 16)];
            for (var i = 0; i < _loops.Length; i++)
            {
                _loops[i] = new EventLoop(fastPath, i == 0 ? listenSocket : null, HandOff, _logger);
            }
            foreach (var loop in _loops)
            {
                loop.Group = _loops;
                loop.Start();
            }
        }

        public EndPoint EndPoint { get; }

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
