using Shop.Deploy;

namespace Shop.Tests.Deploy;

/// <summary>The deploy, teardown and redrive as the AWS CLI calls they print in dry-run mode.</summary>
public sealed class ShopStackDryRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("shop-deploy-").FullName;
    private readonly StringWriter _log = new();

    public ShopStackDryRunTests()
    {
        // A published storefront as `dotnet publish Shop.Web` leaves it.
        var site = Path.Combine(_root, "artifacts", "deploy", "web", "wwwroot");
        Write(site, "index.html", """<html><head><script type="importmap">{"imports":{}}</script></head><body><script src="_framework/blazor.webassembly.0a1b2c3d4e.js"></script></body></html>""");
        Write(site, "_framework/dotnet.native.0a1b2c3d4e.wasm", "wasm");
        Write(site, "_framework/dotnet.native.0a1b2c3d4e.wasm.br", "br");
        Write(site, "_framework/blazor.webassembly.0a1b2c3d4e.js", "js");
        Write(site, "_framework/blazor.webassembly.0a1b2c3d4e.js.gz", "gz");
        Write(site, "css/app.5f6e7d8c9b.css", "css");
        Write(site, "favicon.svg", "<svg/>");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Up_checks_the_tools_then_packages_deploys_uploads_invalidates_seeds_and_prints_the_site_url()
    {
        var calls = Run("up", "--sender-email", "shop@example.com", "--stage", "demo", "--region", "eu-west-1", "--alert-email", "me@example.com", "--monthly-budget-usd", "3");

        Assert.Equal("aws --version", calls[0]);
        Assert.StartsWith("aws sts get-caller-identity", calls[1]);
        var publish = Single(calls, "dotnet publish " + Path.Combine(_root, "Shop.Functions"));
        Assert.Contains("Shop.Functions.csproj -c Release -r linux-arm64 --self-contained false -p:PublishReadyToRun=true", publish);
        Assert.Contains("s3api create-bucket --bucket shop-demo-artifacts-123456789012-eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1", Single(calls, "aws s3api create-bucket"));
        Assert.Contains("BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true", Single(calls, "aws s3api put-public-access-block"));
        Assert.Contains("'s3://shop-demo-artifacts-123456789012-eu-west-1/functions/shop-functions-", Single(calls, "aws s3 cp " + Path.Combine(_root, "artifacts", "deploy", "shop-functions.zip")));

        var deploy = Single(calls, "aws cloudformation deploy");
        Assert.Contains("--template-file " + Path.Combine(_root, "infra", "shop.template.yaml"), deploy);
        Assert.Contains("--capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM", deploy);
        foreach (var parameter in new[] { "Stage=demo", "SenderEmail=shop@example.com", "ArtifactBucket=shop-demo-artifacts-123456789012-eu-west-1", "SessionSigningKey=****", "AlertEmail=me@example.com", "MonthlyBudgetUsd=3" })
        {
            Assert.Contains(" " + parameter, deploy.Replace("'", "", StringComparison.Ordinal));
        }
        Assert.Contains("ArtifactKey=functions/shop-functions-", deploy);
        // The CSP hash of the import map, exactly.
        Assert.Contains($"InlineScriptHashes={SiteFiles.InlineScriptHashes("""<script type="importmap">{"imports":{}}</script>""")[0]}", deploy.Replace("'\\''", "'", StringComparison.Ordinal));

        var invalidation = Index(calls, "aws cloudfront create-invalidation --distribution-id '<DistributionId>' --paths '/*'");
        var seed = Index(calls, "aws lambda invoke --function-name '<SeedCatalogFunctionName>'");
        Assert.True(Index(calls, "aws cloudformation deploy") < Index(calls, "aws s3 cp " + Path.Combine(_root, "artifacts", "deploy", "web", "wwwroot") + " 's3://<SiteBucketName>/'"));
        Assert.True(invalidation < seed);
        Assert.Contains("Shop deployed: <SiteUrl>", _log.ToString());
        Assert.Contains("SES sandbox", _log.ToString());
        Assert.Contains("is not verified yet", _log.ToString());
    }

    [Fact]
    public void The_storefront_upload_makes_fingerprinted_files_immutable_index_html_no_cache_last_and_skips_precompressed_copies()
    {
        var calls = Run("up", "--sender-email", "shop@example.com", "--region", "us-east-1");
        var uploads = calls.Where(c => c.Contains("<SiteBucketName>", StringComparison.Ordinal)).ToList();

        var immutable = uploads.Where(c => c.Contains("--cache-control 'public, max-age=31536000, immutable'", StringComparison.Ordinal)).ToList();
        Assert.Contains(immutable, c => c.Contains("--include _framework/dotnet.native.0a1b2c3d4e.wasm ", StringComparison.Ordinal) && c.Contains("--content-type application/wasm", StringComparison.Ordinal));
        Assert.Contains(immutable, c => c.Contains("--include css/app.5f6e7d8c9b.css ", StringComparison.Ordinal) && c.Contains("--content-type 'text/css; charset=utf-8'", StringComparison.Ordinal));
        Assert.Contains(uploads, c => c.Contains("--include favicon.svg", StringComparison.Ordinal) && c.Contains("'public, max-age=3600'", StringComparison.Ordinal) && c.Contains("image/svg+xml", StringComparison.Ordinal));
        Assert.DoesNotContain(uploads, c => c.Contains(".br ", StringComparison.Ordinal) && c.Contains("--include", StringComparison.Ordinal) && !c.Contains("--exclude '*.br'", StringComparison.Ordinal));

        var index = uploads.Single(c => c.Contains("'s3://<SiteBucketName>/index.html'", StringComparison.Ordinal));
        Assert.Contains("--content-type 'text/html; charset=utf-8' --cache-control no-cache", index);
        var sync = uploads.Single(c => c.StartsWith("aws s3 sync", StringComparison.Ordinal));
        Assert.Contains("--delete", sync);
        Assert.Contains("--exclude '*.br' --exclude '*.gz'", sync);
        Assert.True(uploads.IndexOf(index) > uploads.FindLastIndex(c => c.Contains("--include", StringComparison.Ordinal)));
    }

    [Fact]
    public void Down_empties_both_buckets_before_deleting_the_stack_then_removes_the_artifact_bucket()
    {
        var calls = Run("down", "--stage", "demo", "--region", "us-east-1");

        var emptySite = Index(calls, "aws s3 rm 's3://<SiteBucketName>' --recursive");
        var emptyInvoices = Index(calls, "aws s3 rm 's3://<InvoiceBucketName>' --recursive");
        var delete = Index(calls, "aws cloudformation delete-stack --stack-name shop-demo");
        var wait = Index(calls, "aws cloudformation wait stack-delete-complete --stack-name shop-demo");
        Assert.True(emptySite < delete && emptyInvoices < delete && delete < wait);
        Assert.True(Index(calls, "aws s3 rb s3://shop-demo-artifacts-123456789012-us-east-1 --force") > wait);
    }

    [Fact]
    public void Redrive_starts_an_sqs_message_move_task_from_the_dead_letter_queue()
    {
        var calls = Run("redrive-dlq", "--stage", "demo", "--region", "us-east-1");

        Assert.StartsWith("aws sqs get-queue-url --queue-name demo-OrderProcessingDLQ", calls[0]);
        Assert.Contains("aws sqs start-message-move-task --source-arn arn:aws:sqs:us-east-1:123456789012:demo-OrderProcessingDLQ", Single(calls, "aws sqs start-message-move-task"));
    }

    [Theory]
    [InlineData("up", "up needs --sender-email")]
    [InlineData("up --sender-email a@b.c --stage Demo", "--stage must be lower case")]
    [InlineData("up --sender-email a@b.c --billing-mode FREE", "--billing-mode is PROVISIONED")]
    [InlineData("deploy", "Unknown command")]
    [InlineData("down --color", "Unknown option")]
    public void Wrong_arguments_are_refused_with_a_reason(string arguments, string reason)
    {
        var (options, error) = DeployOptions.Parse(arguments.Split(' '));

        Assert.Null(options);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("index.html", SiteFiles.Revalidate)]
    [InlineData("_framework/dotnet.runtime.1xgfy6qxo0.js", SiteFiles.Immutable)]
    [InlineData("_framework/Shop.Web.ab12cd34ef.wasm", SiteFiles.Immutable)]
    [InlineData("favicon.svg", SiteFiles.ShortLived)]
    [InlineData("images/products/p-001.svg", SiteFiles.ShortLived)]
    public void Cache_headers_follow_the_fingerprint(string path, string expected) => Assert.Equal(expected, SiteFiles.CacheControlOf(path));

    [Fact]
    public void Inline_script_hashes_are_the_base64_sha256_of_each_inline_script_and_skip_external_ones()
    {
        var hashes = SiteFiles.InlineScriptHashes("""<script type="importmap">{}</script><script src="a.js"></script><script>{}</script>""");

        // echo -n '{}' | openssl dgst -sha256 -binary | base64
        Assert.Equal(["'sha256-RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o='"], hashes);
    }

    private List<string> Run(params string[] arguments)
    {
        var (options, error) = DeployOptions.Parse([.. arguments, "--dry-run"]);
        Assert.Null(error);
        var aws = new AwsCli(_log, dryRun: true, options!.Region);
        var stack = new ShopStack(options with { RepositoryRoot = _root }, aws, _log);
        switch (options.Command)
        {
            case "up": stack.Up(); break;
            case "down": stack.Down(); break;
            default: stack.RedriveDeadLetterQueue(); break;
        }
        return aws.Calls;
    }

    private static string Single(List<string> calls, string prefix) => Assert.Single(calls, c => c.StartsWith(prefix, StringComparison.Ordinal));

    private static int Index(List<string> calls, string prefix)
    {
        var index = calls.FindIndex(c => c.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(index >= 0, $"No call starting with {prefix}:\n{string.Join('\n', calls)}");
        return index;
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
