using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Shop.Bench;

/// <summary>
/// The do-nothing DynamoDB below .NET's socket layer: one thread, one level-triggered Linux epoll set, plain
/// <c>recv</c>/<c>send</c> system calls and the same prebuilt replies as <see cref="BareTransportServer"/>. No
/// SocketAsyncEngine, no pipes, no async state machines. Its CPU per call, against the bare transport's, is the most an
/// own event loop under LocalAws could save. Linux only; it serves only the benchmark's own well-formed requests.
/// </summary>
public static unsafe class BareEpollServer
{
    private const int EpollIn = 0x001;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int SockNonBlock = 0x800;
    private const int EAgain = 11;

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [DllImport("libc", SetLastError = true)] private static extern int epoll_create1(int flags);
    [DllImport("libc", SetLastError = true)] private static extern int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);
    [DllImport("libc", SetLastError = true)] private static extern int epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout);
    [DllImport("libc", SetLastError = true)] private static extern int accept4(int fd, IntPtr addr, IntPtr addrlen, int flags);
    [DllImport("libc", SetLastError = true)] private static extern nint recv(int fd, byte* buf, nint len, int flags);
    [DllImport("libc", SetLastError = true)] private static extern nint send(int fd, byte* buf, nint len, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int setsockopt(int fd, int level, int name, int* value, int len);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);

    private sealed class Connection
    {
        public byte[] Input = new byte[64 * 1024];
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
        var epoll = epoll_create1(0);
        var add = new EpollEvent { Events = EpollIn, Data = (ulong)listenFd };
        epoll_ctl(epoll, EpollCtlAdd, listenFd, &add);
        var connections = new Dictionary<int, Connection>();
        var events = stackalloc EpollEvent[256];
        while (true)
        {
            var ready = epoll_wait(epoll, events, 256, -1);
            for (var i = 0; i < ready; i++)
            {
                var fd = (int)events[i].Data;
                if (fd == listenFd)
                {
                    int accepted;
                    while ((accepted = accept4(listenFd, IntPtr.Zero, IntPtr.Zero, SockNonBlock)) >= 0)
                    {
                        var one = 1;
                        setsockopt(accepted, 6 /* IPPROTO_TCP */, 1 /* TCP_NODELAY */, &one, sizeof(int));
                        var ev = new EpollEvent { Events = EpollIn, Data = (ulong)accepted };
                        epoll_ctl(epoll, EpollCtlAdd, accepted, &ev);
                        connections[accepted] = new Connection();
                    }
                    continue;
                }
                Serve(epoll, fd, connections);
            }
        }
    }

    private static void Serve(int epoll, int fd, Dictionary<int, Connection> connections)
    {
        var connection = connections[fd];
        nint read;
        fixed (byte* input = connection.Input)
        {
            read = recv(fd, input + connection.Filled, connection.Input.Length - connection.Filled, 0);
        }
        if (read <= 0)
        {
            if (read < 0 && Marshal.GetLastPInvokeError() == EAgain)
            {
                return;
            }
            epoll_ctl(epoll, EpollCtlDel, fd, null);
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
        var bytes = output.GetBuffer();
        var length = (int)output.Length;
        var sent = 0;
        fixed (byte* start = bytes)
        {
            while (sent < length)
            {
                var n = send(fd, start + sent, length - sent, 0x4000 /* MSG_NOSIGNAL */);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EAgain)
                    {
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
