using System.Globalization;

namespace Shop.Bench;

/// <summary>
/// One line per measured operation of LocalAws against its reference server, collected by every suite so that
/// `Shop.Bench all` can end with a single table of ratios (the numbers that stay comparable on a loaded machine).
/// </summary>
public static class RatioSummary
{
    private static readonly List<Row> Rows = [];

    /// <param name="CpuShare">LocalAws's server CPU per call (or message) as a share of the reference server's.</param>
    /// <param name="ThroughputShare">LocalAws's calls (or messages) per second as a share of the reference server's.</param>
    public sealed record Row(string Suite, string Operation, string Reference, double CpuShare, double ThroughputShare, double LocalAwsPerSecond, string Target);

    public static void Add(Row row) => Rows.Add(row);

    public static void Print()
    {
        Console.WriteLine();
        Console.WriteLine("Summary: LocalAws against the reference server, measured side by side in this run");
        Console.WriteLine($"{"suite",-9} {"operation",-18} {"reference",-14} {"CPU/call",9} {"throughput",11} {"LocalAws /s",12}  target");
        foreach (var r in Rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Suite,-9} {r.Operation,-18} {r.Reference,-14} {r.CpuShare,9:P0} {r.ThroughputShare,11:P0} {r.LocalAwsPerSecond,12:F0}  {r.Target}"));
        }
        Console.WriteLine("(CPU/call and throughput are LocalAws's as a share of the reference's: lower CPU and higher throughput are better)");
    }
}
