using System.Globalization;

namespace Shop.Bench;

/// <summary>Command-line options shared by the benchmark suites.</summary>
public sealed record BenchOptions(string Suite, double Seconds, int Callers, int Port)
{
    public static BenchOptions Parse(string[] args)
    {
        var suite = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "";
        double seconds = 5;
        var callers = 16;
        var port = 0;
        for (var i = 0; i < args.Length - 1; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--callers": callers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            }
        }
        return new BenchOptions(suite, seconds, callers, port);
    }
}
