using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Shop.LocalAws;

namespace Shop.Tests.Infrastructure;

/// <summary>One HTTP/1.1 connection driven byte by byte, for requests no HTTP client library would send as written.</summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _received = [];

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(WebApplication app)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.GetBaseAddress().Port);
        return new RawHttpConnection(client);
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    public async Task<RawResponse> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            await ReceiveAsync(timeout.Token);
        }
        var head = Encoding.ASCII.GetString([.. _received.Take(headEnd)]);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
        var length = headers.Where(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        while (_received.Count < headEnd + 4 + length)
        {
            await ReceiveAsync(timeout.Token);
        }
        var body = _received.Skip(headEnd + 4).Take(length).ToArray();
        _received.RemoveRange(0, headEnd + 4 + length);
        return new RawResponse(lines[0], status, headers, body);
    }

    /// <summary>Closes the sending side only, as a client that went away mid-request does; answers can still be read.</summary>
    public void EndSending() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>True once the server has closed its side (a read returns no bytes).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var buffer = new byte[1];
            return await _stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        var read = await _stream.ReadAsync(buffer, cancellation);
        if (read == 0)
        {
            throw new IOException("The server closed the connection before the response was complete.");
        }
        _received.AddRange(buffer.AsSpan(0, read));
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _received.Count; i++)
        {
            if (_received[i] == '\r' && _received[i + 1] == '\n' && _received[i + 2] == '\r' && _received[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}

internal sealed record RawResponse(string StatusLine, int Status, List<(string Name, string Value)> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.Single(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// Status line, header names in order with their values and the body, but for what differs between any two
    /// servers: the date, the random request id (S3's in its error documents too), a new table's id and creation time
    /// (and so the body's length and CRC, which the test checks against the body on its own).
    /// </summary>
    public string Comparable => string.Join("\n", [
        StatusLine,
        .. Headers.Select(h => h.Name is "Date" or "x-amzn-RequestId" or "x-amz-request-id" or "x-amz-id-2" or "x-amz-crc32" or "Content-Length" ? h.Name : $"{h.Name}: {h.Value}"),
        System.Text.RegularExpressions.Regex.Replace(BodyText, "(\"TableId\":\"[^\"]+\"|\"[A-Za-z]*DateTime\":[0-9.]+|\"(MessageId|ReceiptHandle)\":\"[^\"]+\"|<(RequestId|HostId)>[^<]*</)", "…")]);
}
