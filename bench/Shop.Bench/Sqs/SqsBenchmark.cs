using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Shop.Bench.Sqs;

/// <summary>
/// End-to-end messages per second through the AWS SDK (send, receive, delete) with concurrent producers and
/// consumers, one message per call and batches of ten, against LocalAws and local-aws-sqs 2.0.2, each in its own
/// process: messages/s, send-to-receive latency and server CPU per message. Target: at least 3,000 messages/s.
/// </summary>
public static class SqsBenchmark
{
    private const double TargetMessagesPerSecond = 3_000;
    private const int BodyLength = 256;
    private const int BacklogLimit = 32;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var root = FindRepositoryRoot();
        var localAwsDll = Path.Combine(root, "Shop.LocalAws", "bin", "Release", "net10.0", "Shop.LocalAws.dll");
        if (!File.Exists(localAwsDll))
        {
            Console.Error.WriteLine($"Build LocalAws first: dotnet build -c Release Shop.LocalAws   (missing {localAwsDll})");
            return 1;
        }
        var oracles = Path.Combine(root, "tools", "oracles");
        if (!Directory.Exists(Path.Combine(oracles, "node_modules", "local-aws-sqs")))
        {
            Console.Error.WriteLine("Install the oracles first: (cd tools/oracles && npm ci)");
            return 1;
        }
        // The package has no command line; the differential tests' start script serves it.
        var oracleScript = Path.Combine(root, "Shop.Tests", "LocalAws", "Sqs", "local-aws-sqs-oracle.mjs");

        // LocalAws twice: with its event loop (the default on Linux) and on Kestrel's own sockets, the transport
        // everywhere else, so the run shows what the loop costs or saves for connections it hands to Kestrel.
        var targets = new (string Name, Func<int, Task<ServerProcess>> Start)[]
        {
            ("LocalAws", port => ServerProcess.StartAsync("LocalAws", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
            ("LocalAws-sockets", port => ServerProcess.StartAsync("LocalAws-sockets", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture), "--LocalAws:EventLoop=false"], root, port)),
            // The same loops at their callers' priority, as before 7 Dec 2026: the run shows what the lower priority does.
            ("LocalAws-nice-0", port => ServerProcess.StartAsync("LocalAws-nice-0", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture), "--LocalAws:EventLoopNice=0"], root, port)),
            ("local-aws-sqs", port => ServerProcess.StartAsync("local-aws-sqs", "node", [oracleScript, port.ToString(CultureInfo.InvariantCulture)], oracles, port)),
        };
        var servers = new List<(string Name, ServerProcess Server, AmazonSQSClient Client, BenchQueue[] Queues)>();
        var results = new List<Result>();
        try
        {
            foreach (var (name, start) in targets.Where(t => options.Includes(t.Name)))
            {
                var server = await start(ServerProcess.FreePort());
                var client = new AmazonSQSClient(new BasicAWSCredentials("AKIDBENCH", "bench"), new AmazonSQSConfig
                {
                    ServiceURL = server.BaseUrl.ToString(),
                    AuthenticationRegion = "us-east-1",
                    MaxErrorRetry = 0,
                    MaxConnectionsPerServer = options.Callers * 2,
                });
                var queues = new List<BenchQueue>();
                servers.Add((name, server, client, []));
                foreach (var batch in new[] { 1, 10 })
                {
                    var queue = new BenchQueue(client, (await client.CreateQueueAsync($"bench-{batch}")).QueueUrl, batch);
                    // Warm up client and server (JIT, connections) on the same queue before measuring.
                    await queue.RunAsync(server, name, options.Callers, TimeSpan.FromSeconds(Math.Max(3, options.Seconds)));
                    queues.Add(queue);
                }
                servers[^1] = (name, server, client, [.. queues]);
            }

            // The servers take turns in short rounds, in a rotating order, as in the DynamoDB suite: a change in the
            // machine's load then falls on all of them alike.
            for (var mode = 0; mode < 2; mode++)
            {
                var rounds = new List<Result>[servers.Count];
                for (var round = 0; round < options.Rounds; round++)
                {
                    for (var turn = 0; turn < servers.Count; turn++)
                    {
                        var index = (round + turn) % servers.Count;
                        var (name, server, _, queues) = servers[index];
                        (rounds[index] ??= []).Add(await queues[mode].RunAsync(server, name, options.Callers, TimeSpan.FromSeconds(options.Seconds / options.Rounds)));
                    }
                }
                results.AddRange(rounds.Select(Result.Combine));
            }
            foreach (var (name, _, _, queues) in servers)
            {
                foreach (var queue in queues)
                {
                    Console.WriteLine($"  {name} {queue.Mode}: {queue.ReceiveCounts.Short} of {queue.ReceiveCounts.Receives} ReceiveMessage calls returned fewer messages than were counted visible");
                    if (queue.EmptyBodies > 0)
                    {
                        Console.WriteLine($"  {name} {queue.Mode}: {queue.EmptyBodies} ReceiveMessage answers had an empty body (counted as no message)");
                    }
                }
            }
        }
        finally
        {
            foreach (var (_, server, client, _) in servers)
            {
                client.Dispose();
                await server.DisposeAsync();
            }
        }
        Print(results);
        return 0;
    }

    private sealed record Result(string Target, string Mode, long Messages, double Seconds, double P50Ms, double P99Ms, double CpuMicrosPerMessage, double ClientCpuMicrosPerMessage)
    {
        public double PerSecond => Messages / Seconds;

        /// <summary>The send-to-receive latencies behind the percentiles, kept so that rounds can be combined.</summary>
        public double[] SortedLatencies { get; init; } = [];

        /// <summary>Rounds of one mode against one server as one measurement: messages, time and CPU added up.</summary>
        public static Result Combine(List<Result> rounds)
        {
            var messages = rounds.Sum(r => r.Messages);
            var all = rounds.SelectMany(r => r.SortedLatencies).Order().ToArray();
            return new Result(rounds[0].Target, rounds[0].Mode, messages, rounds.Sum(r => r.Seconds), Percentile(all, 0.50), Percentile(all, 0.99),
                rounds.Sum(r => r.CpuMicrosPerMessage * r.Messages) / Math.Max(1, messages),
                rounds.Sum(r => r.ClientCpuMicrosPerMessage * r.Messages) / Math.Max(1, messages))
            { SortedLatencies = all };
        }
    }

    /// <summary>
    /// One queue driven by producers and consumers. Consumers only call ReceiveMessage when enough messages are known
    /// to be visible (a count of sent and not yet received ones): local-aws-sqs answers an empty receive with an empty
    /// body that the .NET SDK cannot parse, and polling an empty queue would measure idle calls rather than messages.
    /// </summary>
    private sealed class BenchQueue(AmazonSQSClient client, string queueUrl, int batch)
    {
        private readonly SemaphoreSlim _visible = new(0);
        // Producers outrun consumers (one call per message against two), so the backlog is capped: without it the
        // queue grows for the whole run and send-to-receive latency measures the backlog, not the server.
        private readonly SemaphoreSlim _room = new(BacklogLimit * batch);
        private long _emptyBodies;
        private long _receives;
        private long _shortReceives;

        /// <summary>ReceiveMessage answers with an empty body (local-aws-sqs's "no message") so far.</summary>
        public long EmptyBodies => Interlocked.Read(ref _emptyBodies);

        /// <summary>ReceiveMessage calls so far, and those that returned fewer messages than were counted visible.</summary>
        public (long Receives, long Short) ReceiveCounts => (Interlocked.Read(ref _receives), Interlocked.Read(ref _shortReceives));

        public string Mode => batch == 1 ? "single" : $"batch of {batch}";

        public async Task<Result> RunAsync(ServerProcess server, string target, int callers, TimeSpan duration)
        {
            // A consumer makes two calls per message (receive, delete), a producer one: a third of the callers produce,
            // so neither side waits for the other.
            var producers = Math.Max(1, callers / 3);
            var consumers = Math.Max(1, callers - producers);
            using var stop = new CancellationTokenSource(duration);
            var latencies = new List<double>[consumers];
            var cpuBefore = server.CpuTime();
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, producers).Select(_ => Task.Run(() => ProduceAsync(stop.Token)))
                .Concat(Enumerable.Range(0, consumers).Select(c => Task.Run(() => ConsumeAsync(latencies[c] = new List<double>(8192), stop.Token))))
                .ToArray();
            await Task.WhenAll(tasks);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = server.CpuTime() - cpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new Result(target, Mode, all.Length, elapsed, Percentile(all, 0.50), Percentile(all, 0.99), cpu.TotalMicroseconds / Math.Max(1, all.Length), clientCpu.TotalMicroseconds / Math.Max(1, all.Length))
            {
                SortedLatencies = all,
            };
        }

        private async Task ProduceAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var taken = 0;
                try
                {
                    for (; taken < batch; taken++)
                    {
                        await _room.WaitAsync(stop);
                    }
                }
                catch (OperationCanceledException)
                {
                    if (taken > 0)
                    {
                        _room.Release(taken);
                    }
                    return;
                }
                if (batch == 1)
                {
                    await client.SendMessageAsync(queueUrl, Body());
                }
                else
                {
                    var response = await client.SendMessageBatchAsync(queueUrl,
                        [.. Enumerable.Range(0, batch).Select(i => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), Body()))]);
                    if (response.Failed is { Count: > 0 } failed)
                    {
                        throw new InvalidOperationException($"SendMessageBatch failed: {failed[0].Code} {failed[0].Message}");
                    }
                }
                _visible.Release(batch);
            }
        }

        private async Task ConsumeAsync(List<double> latencies, CancellationToken stop)
        {
            while (true)
            {
                var taken = 0;
                try
                {
                    for (; taken < batch; taken++)
                    {
                        await _visible.WaitAsync(stop);
                    }
                }
                catch (OperationCanceledException)
                {
                    if (taken > 0)
                    {
                        _visible.Release(taken);
                    }
                    return;
                }
                List<Message> messages;
                try
                {
                    var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest
                    {
                        QueueUrl = queueUrl,
                        MaxNumberOfMessages = batch,
                        WaitTimeSeconds = 0,
                        VisibilityTimeout = 60,
                    });
                    messages = received.Messages ?? [];
                }
                catch (AmazonUnmarshallingException e) when (e.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    // local-aws-sqs answers "no message" with an empty body, which the SDK cannot parse; even with
                    // messages counted as visible it sometimes does (a short poll may see none). Count it as empty.
                    Interlocked.Increment(ref _emptyBodies);
                    messages = [];
                }
                var now = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _receives);
                if (messages.Count < batch)
                {
                    Interlocked.Increment(ref _shortReceives);
                }
                // Short polling may answer with fewer messages than are visible; the rest stay counted as visible.
                if (messages.Count < batch)
                {
                    _visible.Release(batch - messages.Count);
                }
                if (messages.Count == 0)
                {
                    continue;
                }
                if (batch == 1)
                {
                    await client.DeleteMessageAsync(queueUrl, messages[0].ReceiptHandle);
                }
                else
                {
                    var deleted = await client.DeleteMessageBatchAsync(queueUrl,
                        [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))]);
                    if (deleted.Failed is { Count: > 0 } failed)
                    {
                        throw new InvalidOperationException($"DeleteMessageBatch failed: {failed[0].Code} {failed[0].Message}");
                    }
                }
                _room.Release(messages.Count);
                foreach (var message in messages)
                {
                    var sent = long.Parse(message.Body.AsSpan(0, message.Body.IndexOf(' ')), CultureInfo.InvariantCulture);
                    latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                }
            }
        }

        /// <summary>The send timestamp, padded to a fixed size, so the consumer can measure send-to-receive latency.</summary>
        private static string Body() => Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture).PadRight(BodyLength, ' ') + "x";
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static void Print(List<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine("SQS end to end: each message is sent, received and deleted through the AWS SDK; latency is send to receive");
        Console.WriteLine($"{"mode",-12} {"target",-16} {"messages/s",11} {"p50 ms",8} {"p99 ms",8} {"server CPU µs/message",22} {"client CPU µs/message",22}");
        foreach (var group in results.GroupBy(r => r.Mode))
        {
            foreach (var r in group)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Mode,-12} {r.Target,-16} {r.PerSecond,11:F0} {r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.CpuMicrosPerMessage,22:F1} {r.ClientCpuMicrosPerMessage,22:F1}"));
            }
            var local = group.SingleOrDefault(r => r.Target == "LocalAws");
            var oracle = group.SingleOrDefault(r => r.Target == "local-aws-sqs");
            if (local is not null && group.SingleOrDefault(r => r.Target == "LocalAws-sockets") is { } sockets)
            {
                // SQS is not on the fast path: with the event loop each connection is handed to Kestrel at its first request.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  LocalAws with its event loop against Kestrel's sockets: {local.CpuMicrosPerMessage - sockets.CpuMicrosPerMessage:+0.0;-0.0} µs server CPU/message, throughput {local.PerSecond / sockets.PerSecond:P0}"));
            }
            if (local is null || oracle is null)
            {
                continue;
            }
            var met = local.PerSecond >= TargetMessagesPerSecond ? "met" : "NOT met";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  LocalAws CPU/message = {local.CpuMicrosPerMessage / oracle.CpuMicrosPerMessage:P0} of local-aws-sqs's; throughput = {local.PerSecond / oracle.PerSecond:P0} of local-aws-sqs's; target ≥ {TargetMessagesPerSecond:F0} messages/s end to end: {met} ({local.PerSecond:F0})"));
            RatioSummary.Add(new RatioSummary.Row("sqs", $"e2e {group.Key}", "local-aws-sqs", local.CpuMicrosPerMessage / oracle.CpuMicrosPerMessage, local.PerSecond / oracle.PerSecond, local.PerSecond,
                $"≥ {TargetMessagesPerSecond:F0} msg/s: {met}"));
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
    }
}
