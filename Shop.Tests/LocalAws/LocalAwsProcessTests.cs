using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws;

/// <summary>
/// LocalAws as users run it: the Shop.LocalAws executable in its own process. There it handles requests on the
/// sockets' event threads (Shop.LocalAws/SocketTransport.cs), which is only safe while no request holds its thread:
/// a waiting long poll must leave every other caller served.
/// </summary>
public sealed class LocalAwsProcessTests : IAsyncLifetime
{
    private Process? _process;
    private readonly ConcurrentQueue<string> _output = new();
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        var port = NodeOracle.FreePort();
        var start = new ProcessStartInfo(Lambda.RunnerProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Shop.LocalAws.dll"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _baseUrl = new Uri($"http://127.0.0.1:{port}/");

        using var http = new HttpClient { BaseAddress = _baseUrl };
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/_localaws/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until && !_process.HasExited)
            {
            }
            if (DateTime.UtcNow >= until || _process.HasExited)
            {
                throw new InvalidOperationException("LocalAws did not start:\n" + string.Join('\n', _output));
            }
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_executable_runs_requests_on_the_socket_threads_and_a_waiting_long_poll_holds_up_no_one()
    {
        Assert.Contains(_output, line => line.Contains("Requests run on the sockets' event threads", StringComparison.Ordinal));

        using var sqs = new AmazonSQSClient(LocalAwsFixture.Credentials, new AmazonSQSConfig { ServiceURL = _baseUrl.ToString(), AuthenticationRegion = LocalAwsFixture.Region, MaxErrorRetry = 0 });
        using var dynamo = new AmazonDynamoDBClient(LocalAwsFixture.Credentials, new AmazonDynamoDBConfig { ServiceURL = _baseUrl.ToString(), AuthenticationRegion = LocalAwsFixture.Region, MaxErrorRetry = 0 });
        var queueUrl = (await sqs.CreateQueueAsync("waiting")).QueueUrl;

        // More waiting long polls than the machine has cores, each on its own connection.
        var polls = Enumerable.Range(0, Environment.ProcessorCount * 8).Select(_ => Task.Run(async () =>
        {
            using var client = new AmazonSQSClient(LocalAwsFixture.Credentials, new AmazonSQSConfig { ServiceURL = _baseUrl.ToString(), AuthenticationRegion = LocalAwsFixture.Region, MaxErrorRetry = 0 });
            return await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 });
        })).ToList();
        await WaitUntilAsync(async () => (await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages"])).HttpStatusCode == System.Net.HttpStatusCode.OK && polls.TrueForAll(p => !p.IsCompleted));

        // While they wait, other callers are answered.
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "served",
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        for (var i = 0; i < 20; i++)
        {
            await dynamo.PutItemAsync("served", new() { ["pk"] = new() { S = $"item-{i}" } });
        }
        Assert.Equal(20, (await dynamo.ScanAsync(new ScanRequest { TableName = "served" })).Count);
        Assert.All(polls, poll => Assert.False(poll.IsCompleted, "a long poll returned before any message was sent"));

        // A message sent now reaches one of the waiting polls long before their 20 seconds are up.
        var sent = Stopwatch.StartNew();
        await sqs.SendMessageAsync(queueUrl, "wake up");
        var first = await Task.WhenAny(polls).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("wake up", Assert.Single((await first).Messages).Body);
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(15));

        await sqs.DeleteQueueAsync(queueUrl); // the other polls end with the queue
        await Task.WhenAll(polls.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50 && !await condition(); attempt++)
        {
            await Task.Delay(100);
        }
    }
}
