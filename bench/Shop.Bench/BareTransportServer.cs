using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Shop.Bench;

/// <summary>
/// The do-nothing DynamoDB without an HTTP server: Kestrel's socket transport (the same as LocalAws's) hands the
/// connection's bytes to a connection middleware that finds each request's end by its Content-Length and writes a
/// prebuilt HTTP/1.1 reply. No request parsing beyond that, no HttpContext, no headers dictionary: its CPU per call is
/// the floor of what any .NET server pays on this machine for the sockets, the kernel's loopback TCP and the runtime.
/// It serves only the benchmark's own well-formed requests.
/// </summary>
public static class BareTransportServer
{
    private static readonly byte[] EmptyReply = Reply(CeilingServer.Empty);
    private static readonly byte[] GetItemReply = Reply(CeilingServer.GetItemReply);
    private static readonly byte[] QueryReply = Reply(CeilingServer.QueryReply);

    private static byte[] Reply(byte[] body) => [.. Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nContent-Type: application/x-amz-json-1.0\r\n" +
        $"Date: {DateTime.UtcNow:R}\r\nx-amzn-RequestId: {CeilingServer.RequestId}\r\nx-amz-crc32: {System.IO.Hashing.Crc32.HashToUInt32(body)}\r\n\r\n"), .. body];

    public static async Task<int> RunAsync(int port)
    {
        Shop.LocalAws.SocketTransport.PreferInlineCompletions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Use(_ => ServeAsync)));
        builder.WebHost.UseSockets(Shop.LocalAws.SocketTransport.Configure);
        var app = builder.Build();
        await app.RunAsync();
        return 0;
    }

    private static async Task ServeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            while (TryTakeRequest(ref buffer, out var reply))
            {
                output.Write(reply);
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            await output.FlushAsync();
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    internal static bool TryTakeRequest(ref ReadOnlySequence<byte> buffer, out byte[] reply)
    {
        reply = EmptyReply;
        var reader = new SequenceReader<byte>(buffer);
        var bodyLength = 0;
        while (reader.TryReadTo(out ReadOnlySpan<byte> line, "\r\n"u8))
        {
            if (line.IsEmpty)
            {
                if (reader.Remaining < bodyLength)
                {
                    return false;
                }
                reader.Advance(bodyLength);
                buffer = buffer.Slice(reader.Position);
                return true;
            }
            if (HasName(line, "content-length:"u8))
            {
                Utf8Parser.TryParse(line["content-length:".Length..].TrimStart((byte)' '), out bodyLength, out _);
            }
            else if (HasName(line, "x-amz-target:"u8))
            {
                reply = line.EndsWith(".GetItem"u8) ? GetItemReply : line.EndsWith(".Query"u8) ? QueryReply : EmptyReply;
            }
        }
        return false;
    }

    private static bool HasName(ReadOnlySpan<byte> line, ReadOnlySpan<byte> lowerCaseName) =>
        line.Length >= lowerCaseName.Length && Ascii.EqualsIgnoreCase(line[..lowerCaseName.Length], lowerCaseName);
}
