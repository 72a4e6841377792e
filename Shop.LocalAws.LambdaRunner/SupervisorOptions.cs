using System.Globalization;

namespace Shop.LocalAws.LambdaRunner;

/// <summary>The supervisor's command line.</summary>
/// <param name="AwsEndpoint">The functions' <c>AWS_ENDPOINT_URL</c>: LocalAws, or LocalStack when that is the backend.</param>
internal sealed record SupervisorOptions(string FunctionName, string CodeDirectory, Uri LocalAws, int? MaxWorkers, Uri AwsEndpoint)
{
    public static SupervisorOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }
        var function = Value("--function") ?? throw new ArgumentException("--function NAME is required.");
        var codeDirectory = Path.GetFullPath(Value("--code-dir") ?? throw new ArgumentException("--code-dir DIR is required."));
        var localAws = Value("--localaws") ?? Environment.GetEnvironmentVariable("LOCALAWS_URL") ?? "http://localhost:4566";
        var maxWorkers = Value("--max-workers") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;
        var awsEndpoint = Value("--aws-endpoint") ?? localAws;
        return new SupervisorOptions(function, codeDirectory, new Uri(localAws), maxWorkers, new Uri(awsEndpoint));
    }
}
