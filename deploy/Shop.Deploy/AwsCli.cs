using System.Diagnostics;
using System.Text;

namespace Shop.Deploy;

/// <summary>
/// Runs the AWS CLI v2, or in dry-run mode prints each call instead (and answers reads with placeholders), so the
/// whole deploy can be read and checked without an account. Every call is echoed as a copy-pasteable command line.
/// </summary>
public class AwsCli(TextWriter log, bool dryRun, string? region, string? endpointUrl = null)
{
    public bool DryRun { get; } = dryRun;
    public List<string> Calls { get; } = [];

    /// <summary>Runs <c>aws {arguments}</c> and returns its standard output (trimmed). Throws with the CLI's error on failure.</summary>
    public string Run(params string[] arguments) => Execute("aws", WithGlobalOptions(arguments), dryRunAnswer: null);

    /// <summary>A read whose dry-run answer is <paramref name="placeholder"/>.</summary>
    public string Read(string placeholder, params string[] arguments) => Execute("aws", WithGlobalOptions(arguments), placeholder);

    /// <summary>Like <see cref="Run"/> but returns null instead of throwing (for "does it exist?" probes).</summary>
    public string? TryRun(string dryRunAnswer, params string[] arguments)
    {
        try
        {
            return Execute("aws", WithGlobalOptions(arguments), dryRunAnswer);
        }
        catch (CommandFailedException)
        {
            return null;
        }
    }

    /// <summary>Runs a local tool (dotnet) the same way: echoed, and skipped in dry-run.</summary>
    public string RunTool(string tool, params string[] arguments) => Execute(tool, arguments, dryRunAnswer: string.Empty);

    private string[] WithGlobalOptions(string[] arguments)
    {
        var all = new List<string>(arguments);
        if (arguments is ["--version"])
        {
            return arguments;
        }
        if (!string.IsNullOrEmpty(region) && !arguments.Contains("--region"))
        {
            all.AddRange(["--region", region]);
        }
        if (!string.IsNullOrEmpty(endpointUrl))
        {
            all.AddRange(["--endpoint-url", endpointUrl]);
        }
        return [.. all];
    }

    private string Execute(string tool, string[] arguments, string? dryRunAnswer)
    {
        var line = tool + " " + string.Join(' ', arguments.Select(Mask).Select(Quote));
        Calls.Add(line);
        log.WriteLine((DryRun ? "[dry-run] " : "+ ") + line);
        if (DryRun)
        {
            return dryRunAnswer ?? string.Empty;
        }

        return Invoke(tool, arguments, line);
    }

    /// <summary>Runs the command for real (overridden by tests that answer the AWS calls against LocalAws with the SDK).</summary>
    protected virtual string Invoke(string tool, IReadOnlyList<string> arguments, string line)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["AWS_PAGER"] = string.Empty;
        using var process = Process.Start(start) ?? throw new CommandFailedException(line, -1, $"{tool} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CommandFailedException(line, process.ExitCode, stderr.Result + stdout.Result);
        }
        return stdout.Result.Trim();
    }

    /// <summary>Secrets passed as parameter overrides are never echoed.</summary>
    internal static string Mask(string argument)
    {
        var eq = argument.IndexOf('=');
        return eq > 0 && argument[..eq].EndsWith("Key", StringComparison.Ordinal) && argument[..eq] != "ArtifactKey"
            ? argument[..(eq + 1)] + "****"
            : argument;
    }

    internal static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

public sealed class CommandFailedException(string command, int exitCode, string output)
    : Exception($"`{command}` failed with exit code {exitCode}:{Environment.NewLine}{output}")
{
    public int ExitCode { get; } = exitCode;
}
