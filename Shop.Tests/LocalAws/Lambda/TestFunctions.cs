using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Tests.LocalAws.Lambda;

// Small functions the runner loads from this test assembly, as it loads Shop.Functions from the template's handler strings.

/// <summary>Answers with its input and the variables Lambda sets, so tests see what an execution environment sees.</summary>
public sealed class EchoFunction
{
    private static readonly string[] Variables =
    [
        "AWS_LAMBDA_FUNCTION_NAME", "_HANDLER", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_REGION",
        "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_RUNTIME_API",
        "AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL", "GREETING", "QUEUE_URL", "_X_AMZN_TRACE_ID",
    ];

    public async Task<Stream> Handle(Stream input)
    {
        var text = await new StreamReader(input).ReadToEndAsync();
        var environment = new JsonObject();
        foreach (var name in Variables)
        {
            environment[name] = Environment.GetEnvironmentVariable(name);
        }
        var answer = new JsonObject { ["input"] = JsonNode.Parse(text), ["environment"] = environment, ["pid"] = Environment.ProcessId };
        return new MemoryStream(Encoding.UTF8.GetBytes(answer.ToJsonString()));
    }
}

/// <summary>Throws, as a function with a bug does.</summary>
public sealed class FailingFunction
{
    public Stream Handle(Stream input) => throw new InvalidOperationException("The test function failed on purpose.");
}

/// <summary>Sleeps for <c>{"milliseconds": N}</c> (or <c>?milliseconds=N</c> through an HTTP API) and answers with its process id, to test deadlines and concurrency.</summary>
public sealed class SleepingFunction
{
    public async Task<Stream> Handle(Stream input)
    {
        using var document = await JsonDocument.ParseAsync(input);
        var root = document.RootElement;
        var milliseconds = root.TryGetProperty("milliseconds", out var value) ? value.GetInt32()
            : root.TryGetProperty("queryStringParameters", out var query) && query.TryGetProperty("milliseconds", out var text) ? int.Parse(text.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        await Task.Delay(milliseconds);
        return new MemoryStream(Encoding.UTF8.GetBytes($$"""{"pid":{{Environment.ProcessId}}}"""));
    }
}

/// <summary>
/// Waits, up to <c>waitMilliseconds</c>, until <c>parties</c> invocations have arrived in <c>directory</c> (each leaves a
/// file there) and answers with its process id and whether they all met: two invocations can only meet if they run at
/// the same time, so a test of concurrency does not rest on a sleep outlasting another environment's start.
/// </summary>
public sealed class RendezvousFunction
{
    public async Task<Stream> Handle(Stream input)
    {
        using var document = await JsonDocument.ParseAsync(input);
        var root = document.RootElement;
        var directory = root.GetProperty("directory").GetString()!;
        var parties = root.GetProperty("parties").GetInt32();
        var until = DateTime.UtcNow.AddMilliseconds(root.GetProperty("waitMilliseconds").GetInt32());
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}"), string.Empty);
        var met = false;
        while (!(met = Directory.GetFiles(directory).Length >= parties) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
        return new MemoryStream(Encoding.UTF8.GetBytes($$"""{"pid":{{Environment.ProcessId}},"met":{{(met ? "true" : "false")}}}"""));
    }
}

/// <summary>Fails in its constructor: Lambda's init phase fails.</summary>
public sealed class BrokenInitFunction
{
    public BrokenInitFunction() => throw new InvalidOperationException("The configuration is missing.");

    public Stream Handle(Stream input) => input;
}

/// <summary>
/// An HTTP API handler: echoes the payload 2.0 event in the body, or answers in the shape the query's <c>mode</c>
/// names (a bare JSON object, a base64 body, cookies, an unmappable answer), so tests see both directions of the mapping.
/// </summary>
public sealed class HttpEchoFunction
{
    public async Task<Stream> Handle(Stream input)
    {
        var text = await new StreamReader(input).ReadToEndAsync();
        var apiEvent = JsonNode.Parse(text)!;
        var mode = apiEvent["queryStringParameters"]?["mode"]?.GetValue<string>();
        JsonNode response = mode switch
        {
            "bare" => new JsonObject { ["hello"] = "world" },
            "binary" => new JsonObject { ["statusCode"] = 200, ["headers"] = new JsonObject { ["content-type"] = "application/octet-stream" }, ["body"] = Convert.ToBase64String([0, 1, 2, 255]), ["isBase64Encoded"] = true },
            "cookies" => new JsonObject { ["statusCode"] = 201, ["cookies"] = new JsonArray("a=1; Path=/", "b=2"), ["body"] = "made" },
            "unmappable" => JsonValue.Create("not json")!,
            _ => new JsonObject { ["statusCode"] = 200, ["headers"] = new JsonObject { ["content-type"] = "application/json", ["x-route"] = apiEvent["routeKey"]?.GetValue<string>() }, ["body"] = text },
        };
        var bytes = mode == "unmappable" ? "not json"u8.ToArray() : Encoding.UTF8.GetBytes(response.ToJsonString());
        return new MemoryStream(bytes);
    }
}

/// <summary>
/// An SQS consumer: writes each event it receives to RECORD_DIR and reports the messages whose body is "fail"
/// as batch item failures; a body "crash" fails the whole invocation.
/// </summary>
public sealed class SqsRecordingFunction
{
    public async Task<Stream> Handle(Stream input)
    {
        var text = await new StreamReader(input).ReadToEndAsync();
        var directory = Environment.GetEnvironmentVariable("RECORD_DIR")!;
        // Written aside and renamed, so a test never reads half a file.
        var name = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(name + ".tmp", text);
        File.Move(name + ".tmp", name + ".json");
        var records = JsonNode.Parse(text)!["Records"]!.AsArray();
        if (records.Any(r => r!["body"]!.GetValue<string>() == "crash"))
        {
            throw new InvalidOperationException("crash");
        }
        var failures = new JsonArray([.. records
            .Where(r => r!["body"]!.GetValue<string>() == "fail")
            .Select(r => (JsonNode)new JsonObject { ["itemIdentifier"] = r!["messageId"]!.GetValue<string>() })]);
        return new MemoryStream(Encoding.UTF8.GetBytes(new JsonObject { ["batchItemFailures"] = failures }.ToJsonString()));
    }
}
