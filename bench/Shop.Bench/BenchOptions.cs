using System.Globalization;

namespace Shop.Bench;

/// <summary>Command-line options shared by the benchmark suites.</summary>
public sealed record BenchOptions(string Suite, double Seconds, int Callers, int Port, int Rounds, IReadOnlySet<string>? Targets = null, IReadOnlySet<string>? Operations = null, IReadOnlySet<string>? FlagSet = null)
{
    public static BenchOptions Parse(string[] args)
    {
        var suite = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "";
        double seconds = 5;
        var callers = 16;
        var rounds = 5;
        var port = 0;
        HashSet<string>? targets = null;
        HashSet<string>? operations = null;
        for (var i = 0; i < args.Length - 1; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--callers": callers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                // DynamoDB: the servers take turns this many times per operation, each for seconds / rounds.
                case "--rounds": rounds = Math.Max(1, int.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                // Only these servers (e.g. "LocalAws,ceiling") while working on one of them; ratios need the full set.
                case "--targets": targets = new HashSet<string>(args[i + 1].Split(','), StringComparer.OrdinalIgnoreCase); break;
                case "--operations": operations = new HashSet<string>(args[i + 1].Split(','), StringComparer.OrdinalIgnoreCase); break;
            }
        }
        var flags = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        return new BenchOptions(suite, seconds, callers, port, rounds, targets, operations, flags);
    }

    /// <summary>Every <c>--switch</c> given, for switches without a value such as <c>--allocations</c>.</summary>
    public IReadOnlySet<string> Flags => FlagSet ?? new HashSet<string>();

    public bool Includes(string target) => Targets is null || Targets.Contains(target);

    public bool IncludesOperation(string operation) => Operations is null || Operations.Contains(operation);
}
