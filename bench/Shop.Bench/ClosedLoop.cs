using System.Diagnostics;

namespace Shop.Bench;

/// <summary>One operation against one server: calls made, latency percentiles and the server's CPU time per call.</summary>
internal sealed record CallResult(string Target, string Operation, long Calls, double Seconds, double P50Ms, double P99Ms, double CpuMicrosPerCall, double ClientCpuMicrosPerCall = 0)
{
    public double PerSecond => Calls / Seconds;

    /// <summary>The latencies behind the percentiles, kept so that several rounds can be combined.</summary>
    public double[] SortedLatencies { get; init; } = [];

    /// <summary>Rounds of one operation against one server as one measurement: calls, time and CPU added up.</summary>
    public static CallResult Combine(IReadOnlyList<CallResult> rounds)
    {
        var calls = rounds.Sum(r => r.Calls);
        var all = rounds.SelectMany(r => r.SortedLatencies).Order().ToArray();
        return new CallResult(rounds[0].Target, rounds[0].Operation, calls, rounds.Sum(r => r.Seconds),
            ClosedLoop.Percentile(all, 0.50), ClosedLoop.Percentile(all, 0.99),
            rounds.Sum(r => r.CpuMicrosPerCall * r.Calls) / Math.Max(1, calls),
            rounds.Sum(r => r.ClientCpuMicrosPerCall * r.Calls) / Math.Max(1, calls))
        { SortedLatencies = all };
    }
}

/// <summary>
/// Closed-loop load: each caller sends its next request as soon as the previous one returns, for a fixed time; the
/// server's CPU time (from /proc) is read before and after, so CPU per call is the server's own cost.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<CallResult> MeasureAsync(ServerProcess server, string target, string operation, Func<int, long, Task> call, int callers, TimeSpan duration)
    {
        var latencies = new List<double>[callers];
        var cpuBefore = server.CpuTime();
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var mine = latencies[caller] = new List<double>(4096);
            long n = 0;
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await call(caller, n++);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = server.CpuTime() - cpuBefore;
        // The client's own CPU per call: when the server is cheap, throughput is bounded by this on a 2-core machine.
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new CallResult(target, operation, all.Length, elapsed, Percentile(all, 0.50), Percentile(all, 0.99), cpu.TotalMicroseconds / Math.Max(1, all.Length), clientCpu.TotalMicroseconds / Math.Max(1, all.Length))
        {
            SortedLatencies = all,
        };
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
