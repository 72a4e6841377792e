using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Shop.LocalAws;
using Shop.LocalAws.Protocol;

namespace Shop.Bench.DynamoDb;

/// <summary>
/// LocalAws's own work per DynamoDB call, without sockets or a client: the bench's four operations go straight into
/// the request router (SigV4 parse, JSON, checks, state, response, CRC) on one thread. Bytes allocated per call are
/// exact and steady whatever the machine's load, so they show an allocation regression that the noisy over-the-wire
/// CPU figures would hide; the time per call is the floor of what the wire benchmark can show for LocalAws.
/// </summary>
public static class InProcessProfile
{
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=bench/20261125/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        await using var app = LocalAwsApp.Build(["--port", "0"]);
        var router = app.Services.GetRequiredService<AwsRequestRouter>();
        var payload = new string('x', 100);

        async Task<int> CallAsync(string operation, string body)
        {
            var context = NewContext(operation, body);
            await router.HandleAsync(context);
            return context.Response.StatusCode;
        }

        await CallAsync("CreateTable", """{"TableName":"bench","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}""");
        await CallAsync("PutItem", PutItemBody("get-0", "0", ""","n":{"N":"0"}""", payload));
        for (var i = 0; i < 10; i++)
        {
            await CallAsync("PutItem", PutItemBody("query-0", i.ToString(CultureInfo.InvariantCulture), "", payload));
        }

        var operations = new (string Name, string Target, Func<long, string> Body)[]
        {
            ("PutItem", "PutItem", n => PutItemBody("put-0-" + (n % 1000).ToString(CultureInfo.InvariantCulture), "0", "", payload)),
            ("GetItem", "GetItem", _ => """{"Key":{"pk":{"S":"get-0"},"sk":{"S":"0"}},"TableName":"bench"}"""),
            ("Query(10)", "Query", _ => """{"ExpressionAttributeValues":{":p":{"S":"query-0"}},"KeyConditionExpression":"pk = :p","TableName":"bench"}"""),
            ("UpdateItem?", "UpdateItem", _ => """{"ConditionExpression":"attribute_exists(pk)","ExpressionAttributeValues":{":one":{"N":"1"}},"Key":{"pk":{"S":"get-0"},"sk":{"S":"0"}},"TableName":"bench","UpdateExpression":"SET n = n + :one"}"""),
        };

        // --allocations: also name the types behind the bytes (sampled by the runtime; slows the loop a little).
        using var sampler = options.Flags.Contains("--allocations") ? new AllocationSampler() : null;
        Console.WriteLine($"{"operation",-12} {"µs/call",8} {"bytes allocated/call",21}");
        foreach (var (name, target, body) in operations.Where(o => options.IncludesOperation(o.Name)))
        {
            // Request bodies are prepared outside the measured loop: the client's work is not LocalAws's.
            var bodies = Enumerable.Range(0, 1000).Select(n => Encoding.UTF8.GetBytes(body(n))).ToArray();
            var contexts = new HttpContext[bodies.Length];
            var iterations = 0L;
            for (var round = 0; round < 2; round++)
            {
                // Round 0 warms the JIT up to its optimised tier; round 1 is measured.
                var measure = TimeSpan.FromSeconds(round == 0 ? Math.Max(2, options.Seconds / 2) : options.Seconds);
                if (round == 1)
                {
                    sampler?.Resume();
                }
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var allocatedByContexts = 0L;
                iterations = 0;
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < measure)
                {
                    sampler?.Pause();
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < contexts.Length; i++)
                    {
                        contexts[i] = NewContext(target, bodies[i]);
                    }
                    allocatedByContexts += GC.GetAllocatedBytesForCurrentThread() - before;
                    sampler?.Resume();
                    foreach (var context in contexts)
                    {
                        // In memory, nothing here waits: each call completes on this thread, whose allocations are counted.
                        var pending = router.HandleAsync(context);
                        if (!pending.IsCompleted)
                        {
                            Console.Error.WriteLine($"{name} did not complete synchronously; the allocation count would miss other threads");
                            return 1;
                        }
                        await pending;
                        if (context.Response.StatusCode != 200)
                        {
                            Console.Error.WriteLine($"{name} answered {context.Response.StatusCode}");
                            return 1;
                        }
                    }
                    iterations += contexts.Length;
                }
                watch.Stop();
                if (round == 1)
                {
                    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore - allocatedByContexts;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name,-12} {watch.Elapsed.TotalMicroseconds / iterations,8:F2} {(double)allocated / iterations,21:F0}"));
                    foreach (var (type, bytes) in sampler?.Stop().Take(12) ?? [])
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {(double)bytes / iterations,8:F0} B/call  {type}"));
                    }
                }
            }
        }
        return 0;
    }

    private static string PutItemBody(string pk, string sk, string extraAttributes, string payload) =>
        "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"}" + extraAttributes
        + ",\"payload\":{\"S\":\"" + payload + "\"}}}";

    private static DefaultHttpContext NewContext(string operation, string body) => NewContext(operation, Encoding.UTF8.GetBytes(body));

    private static DefaultHttpContext NewContext(string operation, byte[] body)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Path = "/";
        request.Host = new HostString("localhost:4566");
        request.ContentType = "application/x-amz-json-1.0";
        request.ContentLength = body.Length;
        request.Headers["X-Amz-Target"] = "DynamoDB_20120810." + operation;
        request.Headers.Authorization = Authorization;
        request.Headers["X-Amz-Date"] = "20261125T120000Z";
        request.Body = new MemoryStream(body, writable: false);
        context.Response.Body = Stream.Null;
        return context;
    }
}
