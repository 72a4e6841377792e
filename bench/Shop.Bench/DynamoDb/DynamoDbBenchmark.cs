using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Shop.LocalAws.Transport;

using Result = Shop.Bench.CallResult;

namespace Shop.Bench.DynamoDb;

/// <summary>
/// PutItem, GetItem, a 10-item Query and a conditional UpdateItem from N concurrent SDK callers against LocalAws,
/// dynalite and the do-nothing ceiling, each in its own process: throughput, p50/p99 latency and server CPU per call.
/// </summary>
public static class DynamoDbBenchmark
{
    /// <summary>The nice value of LocalAws's event loops by default, which ceiling-loops runs at too.</summary>
    private static readonly string LoopNice = new Shop.LocalAws.LocalAwsOptions().EventLoopNice.ToString(CultureInfo.InvariantCulture);

    private const string Table = "bench";
    private static readonly string Payload = new('x', 100);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var root = FindRepositoryRoot();
        var localAwsDll = Path.Combine(root, "Shop.LocalAws", "bin", "Release", "net10.0", "Shop.LocalAws.dll");
        if (!File.Exists(localAwsDll))
        {
            Console.Error.WriteLine($"Build LocalAws first: dotnet build -c Release Shop.LocalAws   (missing {localAwsDll})");
            return 1;
        }
        var dynalite = Path.Combine(root, "tools", "oracles", "node_modules", "dynalite", "cli.js");
        if (!File.Exists(dynalite))
        {
            Console.Error.WriteLine("Install the oracles first: (cd tools/oracles && npm ci)");
            return 1;
        }

        var results = new List<Result>();
        // Each round's results too, by operation and server: a ratio taken within one round compares servers measured
        // seconds apart, so the spread of those ratios shows how far this run's load moved them.
        var roundsOf = new Dictionary<(string Operation, string Target), List<Result>>();
        var targets = new (string Name, Func<int, Task<ServerProcess>> Start)[]
        {
            ("ceiling", port => ServerProcess.StartAsync("ceiling", "dotnet", [typeof(DynamoDbBenchmark).Assembly.Location, "ceiling", "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
            // The same do-nothing server on as many event threads as LocalAws has loops, at their priority (nice): what
            // LocalAws's threading alone costs or saves, without LocalAws's work.
            ("ceiling-loops", port => ServerProcess.StartAsync("ceiling-loops", "nice", ["-n", LoopNice, "dotnet", typeof(DynamoDbBenchmark).Assembly.Location, "ceiling", "--port", port.ToString(CultureInfo.InvariantCulture), "--loop-count-threads"], root, port)),
            ("bare-transport", port => ServerProcess.StartAsync("bare-transport", "dotnet", [typeof(DynamoDbBenchmark).Assembly.Location, "bare-transport", "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
            ("bare-epoll", port => ServerProcess.StartAsync("bare-epoll", "dotnet", [typeof(DynamoDbBenchmark).Assembly.Location, "bare-epoll", "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
            ("LocalAws", port => ServerProcess.StartAsync("LocalAws", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
            ("LocalAws-sockets", port => ServerProcess.StartAsync("LocalAws-sockets", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture), "--LocalAws:EventLoop=false"], root, port)),
            // The same loops at their callers' priority, as before 7 Dec 2026: the run shows what the lower priority does.
            ("LocalAws-nice-0", port => ServerProcess.StartAsync("LocalAws-nice-0", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture), "--LocalAws:EventLoopNice=0"], root, port)),
            ("dynalite", port => ServerProcess.StartAsync("dynalite", "node", [dynalite, "--port", port.ToString(CultureInfo.InvariantCulture), "--createTableMs", "0"], Path.Combine(root, "tools", "oracles"), port)),
        };
        var servers = new List<(string Name, ServerProcess Server, AmazonDynamoDBClient Client)>();
        try
        {
            foreach (var (name, start) in targets.Where(t => options.Includes(t.Name)))
            {
                var server = await start(ServerProcess.FreePort());
                var client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDBENCH", "bench"), new AmazonDynamoDBConfig
                {
                    ServiceURL = server.BaseUrl.ToString(),
                    AuthenticationRegion = "us-east-1",
                    MaxErrorRetry = 0,
                    MaxConnectionsPerServer = options.Callers * 2,
                });
                servers.Add((name, server, client));
                if (name is not ("ceiling" or "ceiling-loops" or "bare-transport" or "bare-epoll"))
                {
                    await PrepareAsync(client, options.Callers);
                }
                // Warm every operation first: the server's shared request path must be fully JIT-compiled (tier 1)
                // before any measurement, or the first operation measured pays for the compiler's CPU time.
                foreach (var (operation, call) in Operations(client).Where(o => options.IncludesOperation(o.Operation)))
                {
                    await ClosedLoop.MeasureAsync(server, name, operation, call, options.Callers, TimeSpan.FromSeconds(Math.Max(3, options.Seconds)));
                }
            }

            // The servers take turns in short rounds, in a rotating order, so that a change in the machine's load
            // (other processes on the two cores) falls on all of them alike instead of on whichever ran last.
            var operationNames = Operations(servers[0].Client).Select(o => o.Operation).Where(options.IncludesOperation).ToList();
            foreach (var operation in operationNames)
            {
                var rounds = new List<Result>[servers.Count];
                for (var round = 0; round < options.Rounds; round++)
                {
                    for (var turn = 0; turn < servers.Count; turn++)
                    {
                        var index = (round + turn) % servers.Count;
                        var (name, server, client) = servers[index];
                        var call = Operations(client).Single(o => o.Operation == operation).Call;
                        (rounds[index] ??= []).Add(await ClosedLoop.MeasureAsync(server, name, operation, call, options.Callers, TimeSpan.FromSeconds(options.Seconds / options.Rounds)));
                    }
                }
                results.AddRange(rounds.Select(CallResult.Combine));
                foreach (var serverRounds in rounds)
                {
                    roundsOf[(operation, serverRounds[0].Target)] = serverRounds;
                }
            }
        }
        finally
        {
            foreach (var (_, server, client) in servers)
            {
                client.Dispose();
                await server.DisposeAsync();
            }
        }
        Print(results, roundsOf);
        return 0;
    }

    private static IEnumerable<(string Operation, Func<int, long, Task> Call)> Operations(AmazonDynamoDBClient client)
    {
        yield return ("PutItem", (caller, n) => client.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new() { ["pk"] = new() { S = $"put-{caller}-{n % 1000}" }, ["sk"] = new() { S = "0" }, ["payload"] = new() { S = Payload } },
        }));
        yield return ("GetItem", (caller, _) => client.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { ["pk"] = new() { S = $"get-{caller}" }, ["sk"] = new() { S = "0" } },
        }));
        yield return ("Query(10)", (caller, _) => client.QueryAsync(new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = new() { S = $"query-{caller}" } },
        }));
        yield return ("UpdateItem?", (caller, _) => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = new() { ["pk"] = new() { S = $"get-{caller}" }, ["sk"] = new() { S = "0" } },
            UpdateExpression = "SET n = n + :one",
            ConditionExpression = "attribute_exists(pk)",
            ExpressionAttributeValues = new() { [":one"] = new() { N = "1" } },
        }));
    }

    private static async Task PrepareAsync(AmazonDynamoDBClient client, int callers)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = Table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        });
        for (var c = 0; c < callers; c++)
        {
            await client.PutItemAsync(Table, new() { ["pk"] = new() { S = $"get-{c}" }, ["sk"] = new() { S = "0" }, ["n"] = new() { N = "0" }, ["payload"] = new() { S = Payload } });
            for (var i = 0; i < 10; i++)
            {
                await client.PutItemAsync(Table, new() { ["pk"] = new() { S = $"query-{c}" }, ["sk"] = new() { S = i.ToString(CultureInfo.InvariantCulture) }, ["payload"] = new() { S = Payload } });
            }
        }
    }

    private static void Print(List<Result> results, Dictionary<(string Operation, string Target), List<Result>> roundsOf)
    {
        Console.WriteLine();
        Console.WriteLine($"{"operation",-12} {"target",-16} {"calls/s",9} {"p50 ms",8} {"p99 ms",8} {"server CPU µs/call",19} {"client CPU µs/call",19}");
        foreach (var group in results.GroupBy(r => r.Operation))
        {
            foreach (var r in group)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Operation,-12} {r.Target,-16} {r.PerSecond,9:F0} {r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.CpuMicrosPerCall,19:F1} {r.ClientCpuMicrosPerCall,19:F1}"));
            }
            var local = group.SingleOrDefault(r => r.Target == "LocalAws");
            var dynalite = group.SingleOrDefault(r => r.Target == "dynalite");
            var ceiling = group.SingleOrDefault(r => r.Target == "ceiling");
            if (local is null || dynalite is null || ceiling is null)
            {
                continue;
            }
            // The do-nothing ceiling is a bare Kestrel app: what any ASP.NET Core server pays per call before doing
            // anything. LocalAws's own work is what it spends beyond that. The bare transport (no HTTP server at all)
            // is the floor under both.
            var bare = group.SingleOrDefault(r => r.Target == "bare-transport");
            var floor = bare is null ? "" : string.Create(CultureInfo.InvariantCulture, $", the bare transport alone {bare.CpuMicrosPerCall / dynalite.CpuMicrosPerCall:P0}");
            var bareThroughput = bare is null ? "" : string.Create(CultureInfo.InvariantCulture, $", {local.PerSecond / bare.PerSecond:P0} of the bare transport");
            // LocalAws's event loop (Linux, the default) serves the fast path below Kestrel's sockets; elsewhere, or
            // with LocalAws:EventLoop=false, the fast path runs on Kestrel's socket transport.
            var sockets = group.SingleOrDefault(r => r.Target == "LocalAws-sockets");
            var onSockets = sockets is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; on Kestrel's sockets LocalAws is {sockets.CpuMicrosPerCall / dynalite.CpuMicrosPerCall:P1} ({sockets.CpuMicrosPerCall - local.CpuMicrosPerCall:F1} µs/call more), throughput {sockets.PerSecond / ceiling.PerSecond:P0} of the ceiling");
            var epoll = group.SingleOrDefault(r => r.Target == "bare-epoll");
            var ceilingLoops = group.SingleOrDefault(r => r.Target == "ceiling-loops");
            var ofCeilingLoops = ceilingLoops is null ? "" : string.Create(CultureInfo.InvariantCulture, $", {local.PerSecond / ceilingLoops.PerSecond:P0} of the ceiling on LocalAws's threads and priority (its p99 {ceilingLoops.P99Ms:F2} ms)");
            var epollFloor = epoll is null ? "" : string.Create(CultureInfo.InvariantCulture, $", bare epoll alone {epoll.CpuMicrosPerCall / dynalite.CpuMicrosPerCall:P0}");
            // Each target is said to be met or missed outright: a share rounded to "25 %" hides which side of 25% it is on.
            var cpuShare = local.CpuMicrosPerCall / dynalite.CpuMicrosPerCall;
            var ceilingShare = ceiling.CpuMicrosPerCall / dynalite.CpuMicrosPerCall;
            var throughputShare = local.PerSecond / ceiling.PerSecond;
            var cpuVerdict = cpuShare <= 0.25 ? "met" : "missed";
            var throughputVerdict = throughputShare >= 0.90 ? "met" : "missed";
            var p99Verdict = group.Key == "GetItem" ? (local.P99Ms < 5 ? " (target < 5 ms: met)" : " (target < 5 ms: missed)") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  LocalAws CPU/call = {cpuShare:P1} of dynalite's (target ≤ 25%: {cpuVerdict}; the do-nothing ceiling alone is {ceilingShare:P0}{floor}{epollFloor}){onSockets}; "
                + $"LocalAws beyond the ceiling = {(local.CpuMicrosPerCall - ceiling.CpuMicrosPerCall) / dynalite.CpuMicrosPerCall:P0} of dynalite's; throughput = {throughputShare:P0} of the ceiling (target ≥ 90%: {throughputVerdict}){ofCeilingLoops}{bareThroughput}; p99 {local.P99Ms:F2} ms{p99Verdict}"));
            if (roundsOf.TryGetValue((group.Key, "LocalAws"), out var localRounds)
                && roundsOf.TryGetValue((group.Key, "dynalite"), out var dynaliteRounds)
                && roundsOf.TryGetValue((group.Key, "ceiling"), out var ceilingRounds))
            {
                var cpuShares = localRounds.Zip(dynaliteRounds, (l, d) => l.CpuMicrosPerCall / d.CpuMicrosPerCall).Order().ToList();
                var throughputShares = localRounds.Zip(ceilingRounds, (l, c) => l.PerSecond / c.PerSecond).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round by round ({cpuShares.Count}): LocalAws CPU/call {cpuShares[0]:P0} to {cpuShares[^1]:P0} of dynalite's (median {cpuShares[cpuShares.Count / 2]:P0}); throughput {throughputShares[0]:P0} to {throughputShares[^1]:P0} of the ceiling (median {throughputShares[throughputShares.Count / 2]:P0})"));
            }
            RatioSummary.Add(new RatioSummary.Row("dynamodb", group.Key, "dynalite", cpuShare, local.PerSecond / dynalite.PerSecond, local.PerSecond, string.Create(CultureInfo.InvariantCulture, $"CPU ≤ 25%: {cpuVerdict} (ceiling alone {ceilingShare:P0}); throughput {throughputShare:P0} of ceiling (≥ 90%: {throughputVerdict}){(ceilingLoops is null ? "" : $", {local.PerSecond / ceilingLoops.PerSecond:P0} of it on {EventLoopTransport.DefaultLoopCount} thread(s) at nice {LoopNice}")}")));
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
