using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Shop.Deploy;

/// <summary>
/// The deploy, teardown and dead-letter redrive of the shop's CloudFormation stack, as a sequence of AWS CLI calls.
/// Self-contained: the only bucket it relies on is the artifact bucket it creates in the user's own account,
/// and the template uses no custom resources, transforms or nested stacks.
/// </summary>
public sealed class ShopStack(DeployOptions options, AwsCli aws, TextWriter log)
{
    private string ArtifactsDirectory => Path.Combine(options.RepositoryRoot, "artifacts", "deploy");
    private string TemplatePath => Path.Combine(options.RepositoryRoot, "infra", "shop.template.yaml");

    /// <summary>The stack outputs the commands read (the template declares each; a test checks it).</summary>
    public static readonly IReadOnlyList<string> OutputsRead = ["SiteUrl", "SiteBucketName", "InvoiceBucketName", "DistributionId", "SeedCatalogFunctionName", "ApiUrl"];

    /// <summary>
    /// How the functions are packaged for Lambda's managed dotnet10 runtime on Graviton: linux-arm64, framework-dependent,
    /// ReadyToRun (precompiled, so cold starts JIT less; the SDK cross-compiles with the Crossgen2 pack from NuGet).
    /// </summary>
    public static string[] PublishFunctionsArguments(string repositoryRoot, string outputDirectory) =>
    [
        "publish", Path.Combine(repositoryRoot, "Shop.Functions", "Shop.Functions.csproj"),
        "-c", "Release", "-r", "linux-arm64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", outputDirectory,
    ];

    public void Up()
    {
        var (account, region) = CheckPrerequisites();

        log.WriteLine($"== Deploying stack {options.StackName} to account {account} in {region}");
        var (zipPath, artifactKey) = PackageFunctions();
        var artifactBucket = EnsureArtifactBucket(account, region);
        aws.Run("s3", "cp", zipPath, $"s3://{artifactBucket}/{artifactKey}", "--only-show-errors");

        var stackExists = aws.TryRun("CREATE_COMPLETE", "cloudformation", "describe-stacks", "--stack-name", options.StackName,
            "--query", "Stacks[0].StackStatus", "--output", "text") is not null && !aws.DryRun;
        var parameters = new List<string>
        {
            $"Stage={options.Stage}",
            $"SenderEmail={options.SenderEmail}",
            $"ArtifactBucket={artifactBucket}",
            $"ArtifactKey={artifactKey}",
        };
        if (!stackExists)
        {
            // A fresh random key on the first deploy; later deploys keep the stack's previous value (sessions survive).
            parameters.Add($"SessionSigningKey={Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant()}");
        }
        if (options.AlertEmail is not null)
        {
            parameters.Add($"AlertEmail={options.AlertEmail}");
        }
        if (options.BillingMode is not null)
        {
            parameters.Add($"BillingMode={options.BillingMode}");
        }
        if (options.MonthlyBudgetUsd is { } budget)
        {
            parameters.Add($"MonthlyBudgetUsd={budget.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        var indexHtml = Path.Combine(ArtifactsDirectory, "web", "wwwroot", "index.html");
        if (File.Exists(indexHtml))
        {
            // The storefront's CSP allows exactly the inline scripts (Blazor's import map) of this build.
            parameters.Add($"InlineScriptHashes={string.Join(' ', SiteFiles.InlineScriptHashes(File.ReadAllText(indexHtml)))}");
        }

        aws.Run([
            "cloudformation", "deploy",
            "--stack-name", options.StackName,
            "--template-file", TemplatePath,
            "--capabilities", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset",
            "--parameter-overrides", .. parameters,
        ]);

        var outputs = ReadOutputs();
        UploadSite(outputs["SiteBucketName"]);
        aws.Run("cloudfront", "create-invalidation", "--distribution-id", outputs["DistributionId"], "--paths", "/*", "--query", "Invalidation.Id", "--output", "text");
        aws.Run("lambda", "invoke", "--function-name", outputs["SeedCatalogFunctionName"], "--cli-binary-format", "raw-in-base64-out",
            "--payload", "{}", Path.Combine(ArtifactsDirectory, "seed-result.json"));

        log.WriteLine();
        log.WriteLine($"Shop deployed: {outputs["SiteUrl"]}");
        ReportEmailSending();
    }

    /// <summary>
    /// Fails early, with what to do, when the tools or the account are not ready; answers the account and region.
    /// </summary>
    private (string Account, string Region) CheckPrerequisites()
    {
        string version;
        try
        {
            version = aws.Read("aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64", "--version");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or CommandFailedException)
        {
            throw new InvalidOperationException("The AWS CLI v2 is not installed (or not on PATH): see https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html");
        }
        if (!version.StartsWith("aws-cli/2.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"This needs the AWS CLI v2 (found '{version}'): v1 lacks commands the deploy uses, such as sqs start-message-move-task.");
        }
        string account;
        try
        {
            account = aws.Read("123456789012", "sts", "get-caller-identity", "--query", "Account", "--output", "text");
        }
        catch (CommandFailedException e)
        {
            throw new InvalidOperationException("No usable AWS credentials: run `aws configure` (or `aws sso login`, or set AWS_PROFILE) and try again." + Environment.NewLine + e.Message);
        }
        var region = options.Region ?? aws.TryRun("us-east-1", "configure", "get", "region");
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new InvalidOperationException("No AWS region: pass --region or run `aws configure set region eu-west-1`.");
        }
        return (account, region);
    }

    /// <summary>Says whether SES can send the order emails yet, and what the user must do if not.</summary>
    private void ReportEmailSending()
    {
        var verified = aws.TryRun("False", "sesv2", "get-email-identity", "--email-identity", options.SenderEmail!, "--query", "VerifiedForSendingStatus", "--output", "text");
        if (!string.Equals(verified, "True", StringComparison.OrdinalIgnoreCase))
        {
            log.WriteLine($"SES: {options.SenderEmail} is not verified yet. Open the email AWS sent to it and click the link; until then order confirmations fail (orders retry, then land in the dead-letter queue: redrive them afterwards).");
        }
        var production = aws.TryRun("False", "sesv2", "get-account", "--query", "ProductionAccessEnabled", "--output", "text");
        if (!string.Equals(production, "True", StringComparison.OrdinalIgnoreCase))
        {
            log.WriteLine("SES sandbox: this account can only send to verified addresses (200 emails a day). Verify the addresses you test with (aws sesv2 create-email-identity --email-identity you@example.com) or request production access in the SES console.");
        }
    }

    public void Down()
    {
        log.WriteLine($"== Tearing down stack {options.StackName}");
        var outputs = aws.TryRun("", "cloudformation", "describe-stacks", "--stack-name", options.StackName) is null && !aws.DryRun
            ? null
            : ReadOutputs();
        if (outputs is not null)
        {
            // CloudFormation cannot delete a bucket that still holds objects.
            foreach (var bucket in new[] { "SiteBucketName", "InvoiceBucketName" })
            {
                aws.Run("s3", "rm", $"s3://{outputs[bucket]}", "--recursive", "--only-show-errors");
            }
            aws.Run("cloudformation", "delete-stack", "--stack-name", options.StackName);
            aws.Run("cloudformation", "wait", "stack-delete-complete", "--stack-name", options.StackName);
        }
        else
        {
            log.WriteLine($"Stack {options.StackName} does not exist.");
        }

        if (!options.KeepArtifacts)
        {
            var account = aws.Read("123456789012", "sts", "get-caller-identity", "--query", "Account", "--output", "text");
            var region = options.Region ?? aws.Read("us-east-1", "configure", "get", "region");
            var artifactBucket = ArtifactBucketName(account, region);
            if (aws.TryRun("", "s3api", "head-bucket", "--bucket", artifactBucket) is not null)
            {
                aws.Run("s3", "rb", $"s3://{artifactBucket}", "--force");
            }
        }
        log.WriteLine("Done: nothing of the shop is left in the account.");
    }

    /// <summary>Moves the dead-letter queue's messages back to their source queue (SQS StartMessageMoveTask).</summary>
    public void RedriveDeadLetterQueue()
    {
        var queueName = $"{options.Stage}-OrderProcessingDLQ";
        var queueUrl = aws.Read($"https://sqs.us-east-1.amazonaws.com/123456789012/{queueName}", "sqs", "get-queue-url", "--queue-name", queueName, "--query", "QueueUrl", "--output", "text");
        var arn = aws.Read($"arn:aws:sqs:us-east-1:123456789012:{queueName}", "sqs", "get-queue-attributes", "--queue-url", queueUrl,
            "--attribute-names", "QueueArn", "--query", "Attributes.QueueArn", "--output", "text");
        var task = aws.Run("sqs", "start-message-move-task", "--source-arn", arn, "--query", "TaskHandle", "--output", "text");
        log.WriteLine($"Redrive started ({task}); follow it with: aws sqs list-message-move-tasks --source-arn {arn}");
    }

    private static void ClearDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private (string ZipPath, string Key) PackageFunctions()
    {
        var publishDirectory = Path.Combine(ArtifactsDirectory, "functions");
        var webDirectory = Path.Combine(ArtifactsDirectory, "web");
        if (!aws.DryRun)
        {
            // Publishing into a folder keeps an earlier build's files (fingerprinted ones never get overwritten):
            // they would go into the zip and the site bucket.
            ClearDirectory(publishDirectory);
            ClearDirectory(webDirectory);
        }
        aws.RunTool("dotnet", PublishFunctionsArguments(options.RepositoryRoot, publishDirectory));
        aws.RunTool("dotnet", "publish", Path.Combine(options.RepositoryRoot, "Shop.Web", "Shop.Web.csproj"),
            "-c", "Release", "-o", webDirectory);
        if (aws.DryRun)
        {
            return (Path.Combine(ArtifactsDirectory, "shop-functions.zip"), "functions/shop-functions-<sha256>.zip");
        }

        var zipPath = Path.Combine(ArtifactsDirectory, "shop-functions.zip");
        File.Delete(zipPath);
        ZipFile.CreateFromDirectory(publishDirectory, zipPath, CompressionLevel.Optimal, includeBaseDirectory: false);
        // The key names the content, so CloudFormation updates the functions exactly when the code changed.
        using var zip = File.OpenRead(zipPath);
        var hash = Convert.ToHexString(SHA256.HashData(zip))[..16].ToLowerInvariant();
        return (zipPath, $"functions/shop-functions-{hash}.zip");
    }

    private string EnsureArtifactBucket(string account, string region)
    {
        var bucket = ArtifactBucketName(account, region);
        if (aws.TryRun("", "s3api", "head-bucket", "--bucket", bucket) is null || aws.DryRun)
        {
            if (region == "us-east-1")
            {
                aws.Run("s3api", "create-bucket", "--bucket", bucket);
            }
            else
            {
                aws.Run("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", $"LocationConstraint={region}");
            }
            aws.Run("s3api", "put-public-access-block", "--bucket", bucket, "--public-access-block-configuration",
                "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
        }
        return bucket;
    }

    private string ArtifactBucketName(string account, string region) => $"shop-{options.Stage}-artifacts-{account}-{region}";

    private Dictionary<string, string> ReadOutputs()
    {
        var placeholder = JsonSerializer.Serialize(OutputsRead
            .Select(k => new Dictionary<string, string> { ["OutputKey"] = k, ["OutputValue"] = $"<{k}>" }));
        var json = aws.Read(placeholder, "cloudformation", "describe-stacks", "--stack-name", options.StackName, "--query", "Stacks[0].Outputs", "--output", "json");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().ToDictionary(
            o => o.GetProperty("OutputKey").GetString()!,
            o => o.GetProperty("OutputValue").GetString()!);
    }

    private void UploadSite(string siteBucket)
    {
        var siteRoot = Path.Combine(ArtifactsDirectory, "web", "wwwroot");
        IReadOnlyList<SiteFile> files = aws.DryRun && !Directory.Exists(siteRoot) ? [new SiteFile("index.html", "text/html; charset=utf-8", SiteFiles.Revalidate)] : SiteFiles.Describe(siteRoot);
        // One upload per (content type, cache policy), index.html last so it never names an asset not yet uploaded.
        foreach (var group in files.Where(f => f.RelativePath != "index.html").GroupBy(f => (f.ContentType, f.CacheControl)))
        {
            var arguments = new List<string> { "s3", "cp", siteRoot, $"s3://{siteBucket}/", "--recursive", "--only-show-errors", "--exclude", "*" };
            foreach (var file in group)
            {
                arguments.AddRange(["--include", file.RelativePath]);
            }
            arguments.AddRange(["--content-type", group.Key.ContentType, "--cache-control", group.Key.CacheControl]);
            aws.Run([.. arguments]);
        }
        aws.Run("s3", "cp", Path.Combine(siteRoot, "index.html"), $"s3://{siteBucket}/index.html", "--only-show-errors",
            "--content-type", "text/html; charset=utf-8", "--cache-control", SiteFiles.Revalidate);
        // Remove what the previous deploy left and this one no longer has.
        aws.Run("s3", "sync", siteRoot, $"s3://{siteBucket}/", "--delete", "--size-only", "--only-show-errors", "--exclude", "*.br", "--exclude", "*.gz");
    }
}
