using System.Net;
using System.Net.Sockets;
using static Shop.LocalAws.Transport.LinuxSockets;

namespace Shop.Bench;

/// <summary>
/// The do-nothing DynamoDB below .NET's socket layer: one thread, one level-triggered Linux epoll set, plain
/// <c>recv</c>/<c>send</c> system calls (LocalAws's own <see cref="Shop.LocalAws.Transport.LinuxSockets"/>) and the
/// same prebuilt replies as <see cref="BareTransportServer"/>. No SocketAsyncEngine, no pipes, no async state
/// machines. Its CPU per call, against the bare transport's, is the most an event loop of one's own can save. Linux
/// only; it serves only the benchmark's own well-formed requests.
/// </summary>
public static unsafe class BareEpollServer
{
    private const ulong ListenerTag = ulong.MaxValue;

    private sealed class Connection
    {
        public readonly byte[] Input = new byte[64 * 1024];
        public int Filled;
        public readonly MemoryStream Output = new();
    }

    public static Task<int> RunAsync(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        listener.Blocking = false;
        var listenFd = (int)listener.Handle;
        var epoll = epoll_create1(CloseOnExec);
        Control(epoll, EpollCtlAdd, listenFd, EpollIn, ListenerTag);
        var connections = new Dictionary<int, Connection>();
        var events = stackalloc byte[256 * EventSize];
        while (true)
        {
            var ready = epoll_wait(epoll, events, 256, -1);
            for (var i = 0; i < ready; i++)
            {
                var tag = EventData(events, i);
                if (tag == ListenerTag)
                {
                    int accepted;
                    while ((accepted = accept4(listenFd, null, null, NonBlocking | CloseOnExec)) >= 0)
                    {
                        var one = 1;
                        setsockopt(accepted, IpProtoTcp, TcpNoDelay, &one, sizeof(int));
                        Control(epoll, EpollCtlAdd, accepted, EpollIn, (ulong)accepted);
                        connections[accepted] = new Connection();
                    }
                    continue;
                }
                Serve(epoll, (int)tag, connections);
            }
        }
    }

    private static void Serve(int epoll, int fd, Dictionary<int, Connection> connections)
    {
        var connection = connections[fd];
        nint read;
        fixed (byte* input = connection.Input)
        {
            read = recv(fd, input + connection.Filled, (nuint)(connection.Input.Length - connection.Filled), 0);
        }
        if (read <= 0)
        {
            if (read < 0 && Errno == EAgain)
            {
                return;
            }
            Control(epoll, EpollCtlDel, fd, 0, 0);
            close(fd);
            connections.Remove(fd);
            return;
        }
        connection.Filled += (int)read;
        var buffer = new System.Buffers.ReadOnlySequence<byte>(connection.Input, 0, connection.Filled);
        var output = connection.Output;
        output.SetLength(0);
        while (BareTransportServer.TryTakeRequest(ref buffer, out var reply))
        {
            output.Write(reply);
        }
        var consumed = connection.Filled - (int)buffer.Length;
        Buffer.BlockCopy(connection.Input, consumed, connection.Input, 0, (int)buffer.Length);
        connection.Filled = (int)buffer.Length;
        var length = (int)output.Length;
        var sent = 0;
        fixed (byte* start = output.GetBuffer())
        {
            while (sent < length)
            {
                var n = send(fd, start + sent, (nuint)(length - sent), MsgNoSignal);
                if (n < 0)
                {
                    if (Errno == EAgain)
                    {
                        // The benchmark's replies are small and its callers always read: never for long.
                        Thread.Yield();
                        continue;
                    }
                    return;
                }
                sent += (int)n;
            }
        }
    }
}
