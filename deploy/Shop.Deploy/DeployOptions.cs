namespace Shop.Deploy;

/// <summary>What the user asked for on the command line.</summary>
public sealed record DeployOptions
{
    public required string Command { get; init; }
    public string Stage { get; init; } = "demo";
    public string? Region { get; init; }
    public string? SenderEmail { get; init; }
    public string? AlertEmail { get; init; }
    public string? BillingMode { get; init; }
    public decimal? MonthlyBudgetUsd { get; init; }
    public bool DryRun { get; init; }
    public bool KeepArtifacts { get; init; }
    public string? EndpointUrl { get; init; }
    public string RepositoryRoot { get; init; } = Directory.GetCurrentDirectory();

    public string StackName => $"shop-{Stage}";

    public const string Usage = """
        Deploys the shop to your AWS account with CloudFormation, or tears it down.

          dotnet run --project deploy/Shop.Deploy -- up   --sender-email you@example.com [--stage demo] [--region eu-west-1]
                                                          [--alert-email you@example.com] [--billing-mode PROVISIONED|PAY_PER_REQUEST]
                                                          [--monthly-budget-usd 5] [--dry-run]
          dotnet run --project deploy/Shop.Deploy -- down [--stage demo] [--keep-artifacts] [--dry-run]
          dotnet run --project deploy/Shop.Deploy -- redrive-dlq [--stage demo] [--endpoint-url http://localhost:4566]

        up           build, package and upload the functions, deploy the stack, upload the storefront, invalidate
                     CloudFront, seed the catalog, print the site URL
        down         empty the buckets, delete the stack (and the artifact bucket unless --keep-artifacts)
        redrive-dlq  move the dead-letter queue's messages back to OrderProcessingQueue (SQS StartMessageMoveTask);
                     with --endpoint-url http://localhost:4566 --stage local it does the same against LocalAws
        --dry-run    print every AWS CLI and dotnet call instead of making it

        Needs the AWS CLI v2 with credentials (aws configure / AWS_PROFILE) and the .NET SDK.
        """;

    /// <summary>Parses arguments; returns null with an error message when they are wrong.</summary>
    public static (DeployOptions? Options, string? Error) Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            return (null, null);
        }
        var command = args[0];
        if (command is not ("up" or "down" or "redrive-dlq"))
        {
            return (null, $"Unknown command '{command}'.");
        }

        var options = new DeployOptions { Command = command };
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                options = args[i] switch
                {
                    "--stage" => options with { Stage = Value() },
                    "--region" => options with { Region = Value() },
                    "--sender-email" => options with { SenderEmail = Value() },
                    "--alert-email" => options with { AlertEmail = Value() },
                    "--billing-mode" => options with { BillingMode = Value() },
                    "--monthly-budget-usd" => options with { MonthlyBudgetUsd = decimal.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                    "--endpoint-url" => options with { EndpointUrl = Value() },
                    "--dry-run" => options with { DryRun = true },
                    "--keep-artifacts" => options with { KeepArtifacts = true },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                return (null, e.Message);
            }
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(options.Stage, "^[a-z][a-z0-9-]{0,19}$"))
        {
            return (null, "--stage must be lower case letters, digits and dashes, starting with a letter (it prefixes bucket names).");
        }
        if (command == "up" && string.IsNullOrWhiteSpace(options.SenderEmail))
        {
            return (null, "up needs --sender-email: the address order confirmations come from (SES must verify it).");
        }
        if (options.BillingMode is not (null or "PROVISIONED" or "PAY_PER_REQUEST"))
        {
            return (null, "--billing-mode is PROVISIONED (free tier, the default) or PAY_PER_REQUEST.");
        }
        return (options, null);
    }
}
