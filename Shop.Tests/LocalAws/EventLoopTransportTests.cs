using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.LocalAws;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Transport;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws;

/// <summary>
/// How many event loops serve LocalAws's port and at what priority: <c>LocalAws:EventLoops</c>, or one per core by
/// default, at <c>LocalAws:EventLoopNice</c> (3 by default).
/// </summary>
/// <remarks>In the fast path's collection, which runs alone: it counts what the fast path served (see <see cref="JsonFastPathTests"/>).</remarks>
[Collection(nameof(JsonFastPathTests))]
public class EventLoopTransportTests
{
    [Fact]
    public void By_default_a_loop_per_core_serves_the_port_below_its_callers_priority()
    {
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, 16), EventLoopTransport.DefaultLoopCount);
        Assert.Equal(3, new LocalAwsOptions().EventLoopNice);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(19)]
    public async Task The_loop_threads_run_at_the_configured_nice_value(int nice)
    {
        if (!EventLoopTransport.IsSupported)
        {
            return;
        }
        var mainThread = NiceOf(Environment.ProcessId);
        await using var app = Build(options => (options.EventLoops, options.EventLoopNice) = (2, nice));
        var listener = (EventLoopTransport.Listener)await Transport(app).BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            // A loop sets its priority as its thread starts.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            List<int> values;
            do
            {
                values = [.. listener.LoopThreadIds.Where(id => id != 0).Select(NiceOf)];
                await Task.Delay(20);
            }
            while ((values.Count < 2 || values.Any(v => v != nice)) && DateTime.UtcNow < deadline);
            Assert.Equal([nice, nice], values);
            Assert.Equal(mainThread, NiceOf(Environment.ProcessId)); // the loops' threads alone
        }
        finally
        {
            await listener.UnbindAsync();
            await listener.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(20)]
    public async Task A_nice_value_out_of_range_is_refused_with_a_message_that_names_the_setting(int nice)
    {
        if (!EventLoopTransport.IsSupported)
        {
            return;
        }
        await using var app = Build(options => options.EventLoopNice = nice);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Transport(app).BindAsync(new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.Contains("LocalAws:EventLoopNice", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A thread's nice value: the 19th field of its stat line (counted after the parenthesised name, which may hold spaces).</summary>
    private static int NiceOf(int threadId)
    {
        var stat = File.ReadAllText($"/proc/self/task/{threadId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_options_say_how_many_loops_serve_the_port(int configured)
    {
        if (!EventLoopTransport.IsSupported)
        {
            return; // Elsewhere Kestrel's own sockets serve the port and there are no loops to count.
        }
        await using var app = Build(options => options.EventLoops = configured);
        var listener = (EventLoopTransport.Listener)await Transport(app).BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            Assert.Equal(configured == 0 ? EventLoopTransport.DefaultLoopCount : configured, listener.LoopCount);
        }
        finally
        {
            await listener.UnbindAsync();
            await listener.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(EventLoopTransport.MaxLoops + 1)]
    public async Task A_loop_count_out_of_range_is_refused_with_a_message_that_names_the_setting(int configured)
    {
        if (!EventLoopTransport.IsSupported)
        {
            return;
        }
        await using var app = Build(options => options.EventLoops = configured);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Transport(app).BindAsync(new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.Contains("LocalAws:EventLoops", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_loop_serves_every_connection_and_hands_over_only_the_one_whose_request_is_Kestrels()
    {
        await using var app = Build(options => options.EventLoops = 1);
        await app.StartAsync();
        var counters = app.Services.GetRequiredService<JsonFastPathCounters>();
        var connections = new List<RawHttpConnection>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var connection = await RawHttpConnection.OpenAsync(app);
                connections.Add(connection);
                await connection.SendAsync(JsonFastPathTests.DynamoDbRequest("ListTables", "{}"));
            }
            foreach (var connection in connections)
            {
                var response = await connection.ReadResponseAsync();
                Assert.Equal(200, response.Status);
                Assert.Contains("TableNames", response.BodyText, StringComparison.Ordinal);
            }
            Assert.Equal(4, counters.RequestsServed);

            // The health check is Kestrel's: the loop hands that connection over, and Kestrel answers on it.
            await connections[0].SendAsync("GET /_localaws/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
            Assert.Equal(200, (await connections[0].ReadResponseAsync()).Status);
            Assert.Equal(EventLoopTransport.IsSupported ? 1 : 0, counters.ConnectionsHandedToKestrel);

            // The other connections stay with the loop.
            await connections[3].SendAsync(JsonFastPathTests.DynamoDbRequest("ListTables", "{}"));
            Assert.Equal(200, (await connections[3].ReadResponseAsync()).Status);
            Assert.Equal(5, counters.RequestsServed);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    [Fact]
    public async Task Answers_kept_back_until_a_round_is_served_reach_every_connection_in_order()
    {
        // One loop, many connections with pipelined requests: the loop serves a round of ready connections before it
        // sends their answers, and each must still get exactly its own answers, in the order it asked.
        await using var app = Build(options => options.EventLoops = 1);
        await app.StartAsync();
        var connections = new List<RawHttpConnection>();
        try
        {
            for (var c = 0; c < 8; c++)
            {
                connections.Add(await RawHttpConnection.OpenAsync(app));
            }
            await connections[0].SendAsync(JsonFastPathTests.DynamoDbRequest("CreateTable", """{"TableName":"LoopRounds","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}"""));
            Assert.Equal(200, (await connections[0].ReadResponseAsync()).Status);
            for (var round = 0; round < 20; round++)
            {
                // Each connection writes three requests at once: put its value for this round, read it back, and ask
                // for a table that does not exist.
                await Task.WhenAll(connections.Select((connection, c) => connection.SendAsync(
                    JsonFastPathTests.DynamoDbRequest("PutItem", "{\"TableName\":\"LoopRounds\",\"Item\":" + Item(c, round) + "}")
                    + JsonFastPathTests.DynamoDbRequest("GetItem", "{\"TableName\":\"LoopRounds\",\"Key\":{\"pk\":{\"S\":\"c" + c + "\"}},\"ConsistentRead\":true}")
                    + JsonFastPathTests.DynamoDbRequest("DescribeTable", """{"TableName":"NoSuchLoopTable"}"""))));
                for (var c = 0; c < connections.Count; c++)
                {
                    Assert.Equal("{}", (await connections[c].ReadResponseAsync()).BodyText);
                    var read = await connections[c].ReadResponseAsync();
                    Assert.Equal("{\"Item\":" + Item(c, round) + "}", read.BodyText);
                    var missing = await connections[c].ReadResponseAsync();
                    Assert.Equal(400, missing.Status);
                    Assert.Contains("ResourceNotFoundException", missing.BodyText, StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fast_path_connections_close_after_Kestrels_keep_alive_and_request_timeouts(bool eventLoop)
    {
        // With the event loop (Linux) the loop keeps the connections; without it, the fast path's connection middleware.
        await using var app = Build(options =>
        {
            options.EventLoop = eventLoop;
            options.EventLoops = 1;
        }, kestrel =>
        {
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1);
        });
        await app.StartAsync();
        var request = JsonFastPathTests.DynamoDbRequest("ListTables", "{}");
        using var idle = await RawHttpConnection.OpenAsync(app);
        await idle.SendAsync(request);
        Assert.Equal(200, (await idle.ReadResponseAsync()).Status);
        using var halfSent = await RawHttpConnection.OpenAsync(app);
        await halfSent.SendAsync(request[..(request.Length / 2)]);
        using var busy = await RawHttpConnection.OpenAsync(app);

        // A connection that keeps asking stays open past both timeouts.
        for (var i = 0; i < 10; i++)
        {
            await busy.SendAsync(request);
            Assert.Equal(200, (await busy.ReadResponseAsync()).Status);
            await Task.Delay(300);
        }

        Assert.True(await idle.IsClosedByServerAsync());
        Assert.True(await halfSent.IsClosedByServerAsync());
        await busy.SendAsync(request);
        Assert.Equal(200, (await busy.ReadResponseAsync()).Status);
    }

    private static string Item(int c, int round) => "{\"pk\":{\"S\":\"c" + c + "\"},\"round\":{\"N\":\"" + round + "\"}}";

    private static EventLoopTransport Transport(WebApplication app) =>
        app.Services.GetServices<IConnectionListenerFactory>().OfType<EventLoopTransport>().Single();

    private static WebApplication Build(Action<LocalAwsOptions> configure, Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null) =>
        LocalAwsApp.Build([], options =>
        {
            options.Port = 0;
            configure(options);
        }, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (kestrel is not null)
            {
                builder.WebHost.ConfigureKestrel(kestrel);
            }
        });
}
