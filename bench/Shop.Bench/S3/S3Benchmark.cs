using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Result = Shop.Bench.CallResult;

namespace Shop.Bench.S3;

/// <summary>
/// PutObject and GetObject of 4 KB from N concurrent SDK callers against LocalAws and s3rver 3.7.1, each in its own
/// process: throughput, p50/p99 latency and server CPU per call. Both get the client settings s3rver needs (checksums
/// only when required, unchunked bodies); LocalAws is also measured with the SDK's defaults (aws-chunked, CRC32 trailer).
/// </summary>
public static class S3Benchmark
{
    private const string Bucket = "bench";
    private static readonly byte[] Payload = CreatePayload();

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var root = FindRepositoryRoot();
        var localAwsDll = Path.Combine(root, "Shop.LocalAws", "bin", "Release", "net10.0", "Shop.LocalAws.dll");
        if (!File.Exists(localAwsDll))
        {
            Console.Error.WriteLine($"Build LocalAws first: dotnet build -c Release Shop.LocalAws   (missing {localAwsDll})");
            return 1;
        }
        var s3rver = Path.Combine(root, "tools", "oracles", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(s3rver))
        {
            Console.Error.WriteLine("Install the oracles first: (cd tools/oracles && npm ci)");
            return 1;
        }
        var s3rverDirectory = Path.Combine(Path.GetTempPath(), "s3rver-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(s3rverDirectory);

        var results = new List<Result>();
        var servers = new List<(string Name, ServerProcess Server, AmazonS3Client Client, bool SdkDefaults)>();
        try
        {
            // LocalAws also on Kestrel's own sockets (the transport where its event loop does not run): S3 is not on
            // the fast path, so with the loop each connection is handed to Kestrel at its first request.
            var targets = new (string Name, bool SdkDefaults, Func<int, Task<ServerProcess>> Start)[]
            {
                ("LocalAws", false, port => ServerProcess.StartAsync("LocalAws", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
                ("LocalAws*", true, port => ServerProcess.StartAsync("LocalAws*", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture)], root, port)),
                ("LocalAws-sockets", false, port => ServerProcess.StartAsync("LocalAws-sockets", "dotnet", [localAwsDll, "--port", port.ToString(CultureInfo.InvariantCulture), "--LocalAws:EventLoop=false"], root, port)),
                // s3rver's bundled crypto needs OpenSSL's legacy provider on Node 17+.
                ("s3rver", false, port => ServerProcess.StartAsync("s3rver", "node",
                    ["--openssl-legacy-provider", s3rver, "--port", port.ToString(CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--directory", s3rverDirectory, "--silent"],
                    Path.Combine(root, "tools", "oracles"), port)),
            };
            foreach (var (name, sdkDefaults, start) in targets.Where(t => options.Includes(t.Name)))
            {
                var server = await start(ServerProcess.FreePort());
                var config = new AmazonS3Config
                {
                    ServiceURL = server.BaseUrl.ToString(),
                    AuthenticationRegion = "us-east-1",
                    ForcePathStyle = true,
                    MaxErrorRetry = 0,
                    MaxConnectionsPerServer = options.Callers * 2,
                };
                if (!sdkDefaults)
                {
                    config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                    config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
                }
                var client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), config);
                servers.Add((name, server, client, sdkDefaults));
                await PrepareAsync(client, options.Callers, chunked: sdkDefaults);
                foreach (var (operation, call) in Operations(client, chunked: sdkDefaults))
                {
                    // Warm up the client and the server (JIT, connections) before measuring.
                    await ClosedLoop.MeasureAsync(server, name, operation, call, options.Callers, TimeSpan.FromSeconds(Math.Max(2, options.Seconds / 2)));
                }
            }

            // The servers take turns in short rounds, in a rotating order, as in the DynamoDB suite.
            foreach (var operation in Operations(servers[0].Client, chunked: false).Select(o => o.Operation).ToList())
            {
                var rounds = new List<Result>[servers.Count];
                for (var round = 0; round < options.Rounds; round++)
                {
                    for (var turn = 0; turn < servers.Count; turn++)
                    {
                        var index = (round + turn) % servers.Count;
                        var (name, server, client, sdkDefaults) = servers[index];
                        var call = Operations(client, sdkDefaults).Single(o => o.Operation == operation).Call;
                        (rounds[index] ??= []).Add(await ClosedLoop.MeasureAsync(server, name, operation, call, options.Callers, TimeSpan.FromSeconds(options.Seconds / options.Rounds)));
                    }
                }
                results.AddRange(rounds.Select(CallResult.Combine));
            }
        }
        finally
        {
            foreach (var (_, server, client, _) in servers)
            {
                client.Dispose();
                await server.DisposeAsync();
            }
            Directory.Delete(s3rverDirectory, recursive: true);
        }
        Print(results);
        return 0;
    }

    private static byte[] CreatePayload()
    {
        var payload = new byte[4096];
        new Random(4096).NextBytes(payload);
        return payload;
    }

    private static IEnumerable<(string Operation, Func<int, long, Task> Call)> Operations(AmazonS3Client client, bool chunked)
    {
        yield return ("PutObject 4K", (caller, n) => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = $"put/{caller}/{n % 100}",
            InputStream = new MemoryStream(Payload, writable: false),
            UseChunkEncoding = chunked,
        }));
        yield return ("GetObject 4K", async (caller, _) =>
        {
            using var response = await client.GetObjectAsync(Bucket, $"get/{caller}");
            await response.ResponseStream.CopyToAsync(Stream.Null);
        });
    }

    private static async Task PrepareAsync(AmazonS3Client client, int callers, bool chunked)
    {
        await client.PutBucketAsync(Bucket);
        for (var c = 0; c < callers; c++)
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = $"get/{c}",
                InputStream = new MemoryStream(Payload, writable: false),
                UseChunkEncoding = chunked,
            });
        }
    }

    private static void Print(List<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine("LocalAws* = LocalAws with the SDK's default checksums (aws-chunked body, CRC32 trailer, response validation)");
        Console.WriteLine($"{"operation",-13} {"target",-16} {"calls/s",9} {"p50 ms",8} {"p99 ms",8} {"server CPU µs/call",19}");
        foreach (var group in results.GroupBy(r => r.Operation))
        {
            foreach (var r in group)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Operation,-13} {r.Target,-16} {r.PerSecond,9:F0} {r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.CpuMicrosPerCall,19:F1}"));
            }
            var local = group.SingleOrDefault(r => r.Target == "LocalAws");
            if (local is not null && group.SingleOrDefault(r => r.Target == "LocalAws-sockets") is { } sockets)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  LocalAws with its event loop against Kestrel's sockets: {local.CpuMicrosPerCall - sockets.CpuMicrosPerCall:+0.0;-0.0} µs server CPU/call, throughput {local.PerSecond / sockets.PerSecond:P0}"));
            }
            var s3rver = group.SingleOrDefault(r => r.Target == "s3rver");
            if (local is null || s3rver is null)
            {
                continue;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  LocalAws CPU/call = {local.CpuMicrosPerCall / s3rver.CpuMicrosPerCall:P0} of s3rver's; throughput = {local.PerSecond / s3rver.PerSecond:P0} of s3rver's; p99 {local.P99Ms:F2} ms"));
            RatioSummary.Add(new RatioSummary.Row("s3", group.Key, "s3rver", local.CpuMicrosPerCall / s3rver.CpuMicrosPerCall, local.PerSecond / s3rver.PerSecond, local.PerSecond, ""));
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
