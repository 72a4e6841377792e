using System.Text;

namespace Shop.Bench;

/// <summary>
/// The do-nothing DynamoDB: answers every call with a fixed, valid reply. Whatever throughput the SDK reaches
/// against it is the ceiling of what any emulator can show on this machine.
/// </summary>
public static class CeilingServer
{
    internal static readonly byte[] Empty = "{}"u8.ToArray();
    internal static readonly byte[] GetItemReply = Encoding.UTF8.GetBytes("""{"Item":{"pk":{"S":"p"},"sk":{"S":"0"},"payload":{"S":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}}""");
    internal static readonly byte[] QueryReply = Encoding.UTF8.GetBytes("{\"Count\":10,\"ScannedCount\":10,\"Items\":[" +
        string.Join(",", Enumerable.Range(0, 10).Select(i => "{\"pk\":{\"S\":\"q\"},\"sk\":{\"S\":\"" + i + "\"},\"payload\":{\"S\":\"" + new string('x', 100) + "\"}}")) + "]}");

    private static readonly string EmptyCrc = Crc(Empty), GetItemCrc = Crc(GetItemReply), QueryCrc = Crc(QueryReply);
    internal const string RequestId = "CEILINGCEILINGCEILINGCEILINGCEILINGCEILINGCEILING123";

    private static string Crc(byte[] body) => System.IO.Hashing.Crc32.HashToUInt32(body).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="eventThreads">
    /// How many event threads the sockets get; null leaves .NET's choice, which with completions inline is one per core.
    /// </param>
    public static async Task<int> RunAsync(int port, int? eventThreads = null)
    {
        // The same socket transport as LocalAws (requests handled on the sockets' event threads), so the difference
        // between the two is LocalAws's own work.
        Shop.LocalAws.SocketTransport.PreferInlineCompletions();
        if (eventThreads is { } count)
        {
            // Read once, when the first socket is made.
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.WebHost.UseSockets(Shop.LocalAws.SocketTransport.Configure);
        var app = builder.Build();
        app.Run(async context =>
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var reply = target.EndsWith(".GetItem", StringComparison.Ordinal) ? GetItemReply
                : target.EndsWith(".Query", StringComparison.Ordinal) ? QueryReply
                : Empty;
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.ContentLength = reply.Length;
            // DynamoDB's own headers: the SDK checks every response body against x-amz-crc32, and that work is part
            // of what a client pays per call against any DynamoDB.
            context.Response.Headers["x-amzn-RequestId"] = RequestId;
            context.Response.Headers["x-amz-crc32"] = reply == GetItemReply ? GetItemCrc : reply == QueryReply ? QueryCrc : EmptyCrc;
            await context.Response.Body.WriteAsync(reply);
        });
        await app.RunAsync();
        return 0;
    }
}
