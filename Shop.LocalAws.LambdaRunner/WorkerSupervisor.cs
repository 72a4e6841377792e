using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.LocalAws.LambdaRunner;

/// <summary>
/// One function's execution environments: reads the function's configuration from LocalAws's Lambda API
/// (GetFunction), then starts a worker process whenever events wait and no environment is idle,
/// up to a cap (ReservedConcurrentExecutions, else --max-workers, else 3), and forwards their output to its own
/// console with an environment prefix. Workers get exactly the variables Lambda sets, plus the template's environment.
/// See https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
/// </summary>
internal static class WorkerSupervisor
{
    private const int DefaultMaxWorkers = 3;

    public static async Task<int> RunAsync(SupervisorOptions options)
    {
        using var http = new HttpClient { BaseAddress = options.LocalAws, Timeout = TimeSpan.FromSeconds(60) };
        var function = await WaitForFunctionAsync(http, options.FunctionName);
        var configuration = function["Configuration"]!.AsObject();
        var maxWorkers = function["Concurrency"]?["ReservedConcurrentExecutions"]?.GetValue<int>() ?? options.MaxWorkers ?? DefaultMaxWorkers;
        var environment = WorkerEnvironment(configuration, options);
        var timeout = configuration["Timeout"]?.GetValue<int>() ?? 3;
        Console.WriteLine($"{options.FunctionName}: handler {configuration["Handler"]}, {configuration["MemorySize"]} MB, timeout {timeout} s, up to {maxWorkers} execution environments, code in {options.CodeDirectory}");

        var workers = new ConcurrentDictionary<int, Process>();
        using var stopping = new CancellationTokenSource();
        void StopAll()
        {
            stopping.Cancel();
            foreach (var worker in workers.Values)
            {
                try
                {
                    worker.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll());
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll());

        var started = 0;
        long version = -1;
        var demandPath = $"/_lambda/{Uri.EscapeDataString(options.FunctionName)}/_supervisor/demand";
        while (!stopping.IsCancellationRequested)
        {
            JsonObject demand;
            try
            {
                demand = (await http.GetFromJsonAsync<JsonObject>($"{demandPath}?version={version}", stopping.Token))!;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
            {
                Console.Error.WriteLine($"{options.FunctionName}: LocalAws is not answering ({error.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            version = demand["version"]!.GetValue<long>();
            var (pending, idle, busy) = (demand["pending"]!.GetValue<int>(), demand["idle"]!.GetValue<int>(), demand["busy"]!.GetValue<int>());
            var alive = workers.Count;
            var starting = Math.Max(0, alive - idle - busy);
            var wanted = pending - idle - starting;
            while (wanted-- > 0 && workers.Count < maxWorkers && !stopping.IsCancellationRequested)
            {
                var number = Interlocked.Increment(ref started);
                var worker = StartWorker(number, environment, timeout);
                workers[number] = worker;
                worker.EnableRaisingEvents = true;
                worker.Exited += (_, _) =>
                {
                    workers.TryRemove(number, out _);
                    if (!stopping.IsCancellationRequested)
                    {
                        Console.WriteLine($"[{number}] execution environment ended (exit code {worker.ExitCode})");
                    }
                    // Wake the demand poll: the dead environment's next request is gone.
                };
                if (worker.HasExited)
                {
                    workers.TryRemove(number, out _);
                }
            }
        }
        StopAll();
        return 0;
    }

    /// <summary>GetFunction: the configuration, and the reserved concurrency that GetFunctionConfiguration does not tell.</summary>
    private static async Task<JsonObject> WaitForFunctionAsync(HttpClient http, string functionName)
    {
        var announced = false;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}");
                if (response.IsSuccessStatusCode)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                }
                if (!announced)
                {
                    Console.WriteLine($"{functionName}: waiting for LocalAws to provision the function ({(int)response.StatusCode})");
                }
            }
            catch (HttpRequestException error)
            {
                if (!announced)
                {
                    Console.WriteLine($"{functionName}: waiting for LocalAws at {http.BaseAddress} ({error.Message})");
                }
            }
            announced = true;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The variables Lambda sets in an execution environment, over the template's environment.</summary>
    internal static Dictionary<string, string> WorkerEnvironment(JsonObject configuration, SupervisorOptions options)
    {
        var name = configuration["FunctionName"]!.GetValue<string>();
        var region = configuration["FunctionArn"]!.GetValue<string>().Split(':')[3];
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration["Environment"]?["Variables"] as JsonObject ?? [])
        {
            variables[key] = value?.GetValue<string>() ?? string.Empty;
        }
        var runtimeApi = $"{options.LocalAws.Authority}/_lambda/{Uri.EscapeDataString(name)}";
        var reserved = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["_HANDLER"] = configuration["Handler"]!.GetValue<string>(),
            ["AWS_LAMBDA_FUNCTION_NAME"] = name,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = configuration["MemorySize"]!.ToJsonString(),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + name,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Guid.NewGuid():N}",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + (configuration["Runtime"]?.GetValue<string>() ?? "dotnet10"),
            ["LAMBDA_TASK_ROOT"] = options.CodeDirectory,
            ["LAMBDA_RUNTIME_DIR"] = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar),
            ["TZ"] = ":UTC",
            // Each function signs with its own access key, so LocalAws's call log tells functions apart (IAM evidence).
            ["AWS_ACCESS_KEY_ID"] = AccessKeyIdFor(name),
            ["AWS_SECRET_ACCESS_KEY"] = "local-secret-" + name,
            // Locally the SDK's standard endpoint override sends every AWS call to LocalAws.
            ["AWS_ENDPOINT_URL"] = options.AwsEndpoint.GetLeftPart(UriPartial.Authority),
            ["OTEL_SERVICE_NAME"] = name,
        };
        foreach (var (key, value) in reserved)
        {
            variables[key] = value;
        }
        return variables;
    }

    /// <summary><c>LOCAL</c> plus the function's name in capitals, letters and digits only (an access key id's alphabet).</summary>
    internal static string AccessKeyIdFor(string functionName) =>
        "LOCAL" + new string([.. functionName.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit)]);

    private static Process StartWorker(int number, Dictionary<string, string> environment, int timeout)
    {
        var entry = Environment.ProcessPath!;
        var start = new ProcessStartInfo(entry)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(entry).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(WorkerSupervisor).Assembly.Location);
        }
        foreach (var argument in new[] { "--worker", "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "--timeout", timeout.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        // A fresh environment: nothing the supervisor's host set for itself leaks into the function, except telemetry settings.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("AWS_", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key is "LOCALAWS_URL")
            {
                start.Environment.Remove(key);
            }
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Forward(Console.Out, number, line.Data);
        process.ErrorDataReceived += (_, line) => Forward(Console.Error, number, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Console.WriteLine($"[{number}] execution environment started (pid {process.Id})");
        return process;
    }

    private static void Forward(TextWriter writer, int number, string? line)
    {
        if (line is not null)
        {
            writer.WriteLine($"[{number}] {line}");
        }
    }
}
