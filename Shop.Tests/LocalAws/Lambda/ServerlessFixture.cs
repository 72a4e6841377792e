using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Shop.LocalAws;
using Shop.LocalAws.Provisioning;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Lambda;

/// <summary>
/// LocalAws in-process, provisioned from a test template, with one runner supervisor process per function
/// (started by the test that needs it), as the AppHost runs them. Functions come from this test assembly.
/// </summary>
public abstract class ServerlessFixture : LocalAwsFixture
{
    public const string TestAssemblyHandler = "Shop.Tests::Shop.Tests.LocalAws.Lambda.";
    // Lazy: GetOrAdd may run its factory twice when two callers race, and a supervisor is a process.
    private readonly ConcurrentDictionary<string, Lazy<RunnerProcess>> _runners = new(StringComparer.Ordinal);
    private string? _workDirectory;

    /// <summary>The template (YAML, short-form tags welcome).</summary>
    protected abstract string Template { get; }

    /// <summary>A folder the test functions may write to (passed to them as the RecordDir parameter).</summary>
    public string RecordDirectory => Path.Combine(_workDirectory!, "records");

    public ProvisioningReport Report { get; private set; } = null!;

    protected override void Configure(LocalAwsOptions options)
    {
        _workDirectory = Path.Combine(Path.GetTempPath(), "shop-serverless-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(RecordDirectory);
        var templatePath = Path.Combine(_workDirectory, "template.yaml");
        File.WriteAllText(templatePath, Template);
        options.TemplatePath = templatePath;
        options.TemplateParameters = $"RecordDir={RecordDirectory}";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Report = await App.Services.GetRequiredService<TemplateProvisioner>().Completion.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Starts (once) the supervisor of a function, as the AppHost does for each function of the template.</summary>
    public RunnerProcess Runner(string functionName, int maxWorkers = 3) =>
        _runners.GetOrAdd(functionName, name => new Lazy<RunnerProcess>(() => RunnerProcess.StartSupervisor(name, BaseUrl, maxWorkers))).Value;

    public async Task<HttpResponseMessage> InvokeAsync(string functionName, string payload, string? invocationType = null)
    {
        Runner(functionName);
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromMinutes(3);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/{functionName}/invocations")
        {
            Content = new StringContent(payload, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (invocationType is not null)
        {
            request.Headers.Add("X-Amz-Invocation-Type", invocationType);
        }
        return await http.SendAsync(request);
    }

    public override async Task DisposeAsync()
    {
        foreach (var runner in _runners.Values.Where(runner => runner.IsValueCreated))
        {
            runner.Value.Dispose();
        }
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_workDirectory!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A runner process (supervisor or worker) whose output lines tests can wait for.</summary>
public sealed class RunnerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private RunnerProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string RunnerAssembly => Path.Combine(AppContext.BaseDirectory, "Shop.LocalAws.LambdaRunner.dll");

    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static RunnerProcess StartSupervisor(string functionName, Uri localAws, int maxWorkers)
    {
        var start = new ProcessStartInfo(DotnetHost);
        foreach (var argument in new[] { RunnerAssembly, "--supervise", "--function", functionName, "--code-dir", AppContext.BaseDirectory, "--localaws", localAws.ToString(), "--max-workers", maxWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        return new RunnerProcess(start);
    }

    /// <summary>A worker started directly with the variables Lambda sets (no supervisor).</summary>
    public static RunnerProcess StartWorker(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost);
        start.ArgumentList.Add(RunnerAssembly);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new RunnerProcess(start);
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (DateTime.UtcNow < until)
        {
            if (_lines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("No matching line; the runner printed:\n" + string.Join('\n', _lines));
    }

    public async Task WaitForExitAsync(TimeSpan timeout) => await _process.WaitForExitAsync().WaitAsync(timeout);

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
