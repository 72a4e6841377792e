using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Shop.Bench;

/// <summary>
/// A server under test in its own process, so its CPU time can be read from /proc/&lt;pid&gt;/stat (utime + stime)
/// apart from the benchmark's own (the AWS SDK client is the expensive side on a small machine).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static async Task<ServerProcess> StartAsync(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, int port)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // BENCH_SERVER_X=value sets X=value for the servers only (runtime knobs such as DOTNET_gcServer), not the client.
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (key.StartsWith("BENCH_SERVER_", StringComparison.Ordinal))
            {
                start.Environment[key["BENCH_SERVER_".Length..]] = value;
            }
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(name, process, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await server.DisposeAsync();
        throw new TimeoutException($"{name} did not listen on {port}");
    }

    /// <summary>CPU time the process has used so far (user + system).</summary>
    public TimeSpan CpuTime()
    {
        // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (1-based).
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    private static readonly long ClockTicksPerSecond = ReadClockTicks();

    /// <summary>USER_HZ, the unit of /proc/&lt;pid&gt;/stat times (100 on every common Linux).</summary>
    private static long ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
