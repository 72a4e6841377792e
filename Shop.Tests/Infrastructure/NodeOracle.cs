using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// Starts an independent emulator from tools/oracles (dynalite, s3rver, aws-ses-v2-local, local-aws-sqs) as a Node
/// process on a free loopback port, for differential tests. Installs the npm packages on first use (npm ci), so a
/// fresh clone needs nothing by hand. Where Node is missing: a clear failure in CI, a clear message otherwise.
/// </summary>
public sealed class NodeOracle : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeOracle(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }
    public Uri BaseUrl { get; }
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public static string OraclesDirectory => RepositoryPaths.Combine("tools", "oracles");

    /// <summary>
    /// Starts <c>node {script} {arguments}</c> where <paramref name="arguments"/> may contain <c>{port}</c>, and waits until the port accepts connections.
    /// </summary>
    /// <param name="script">Path relative to tools/oracles, e.g. <c>node_modules/dynalite/cli.js</c>.</param>
    public static async Task<NodeOracle> StartAsync(string script, string arguments, IDictionary<string, string>? environment = null, int? port = null)
    {
        await EnsureInstalledAsync();
        var chosenPort = port ?? FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = OraclesDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments.Replace("{port}", chosenPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                     .Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var oracle = new NodeOracle(process, chosenPort);
        process.OutputDataReceived += (_, e) => oracle.Append(e.Data);
        process.ErrorDataReceived += (_, e) => oracle.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {oracle.Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, chosenPort);
                return oracle;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await oracle.DisposeAsync();
        throw new TimeoutException($"{script} did not listen on {chosenPort} within 30 s: {oracle.Output}");
    }

    /// <summary>Runs <c>npm ci</c> in tools/oracles once, when its node_modules is missing.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(OraclesDirectory, "node_modules", "dynalite")))
            {
                return;
            }
            var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = OraclesDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start: install Node.js 20 and npm.");
            var stdout = npm.StandardOutput.ReadToEndAsync();
            var stderr = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in tools/oracles failed ({npm.ExitCode}): {await stdout}{await stderr}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a Node script (e.g. one using the AWS SDK for JavaScript) to completion and returns its standard output.</summary>
    public static async Task<string> RunScriptAsync(string scriptPath, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = OraclesDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {scriptPath} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
        return await stdout;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
