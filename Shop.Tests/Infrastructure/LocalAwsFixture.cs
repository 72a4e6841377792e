using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Shop.LocalAws;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// Starts LocalAws in-process on a free loopback port and hands out real AWS SDK v4 clients pointed at it.
/// One instance per test class (IClassFixture); tests create uniquely named resources so none depends on another's leftovers.
/// </summary>
public class LocalAwsFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;
    public WebApplication App => _app ?? throw new InvalidOperationException("LocalAws is not started.");
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDLOCALTEST", "local-test-secret");

    /// <summary>Override to set options (e.g. a data directory) before the server starts.</summary>
    protected virtual void Configure(LocalAwsOptions options)
    {
    }

    /// <summary>Override to replace services (e.g. a <see cref="TimeProvider"/> the test controls) before the server starts.</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        _app = LocalAwsApp.Build([], options =>
        {
            options.Port = 0;
            Configure(options);
        }, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            ConfigureServices(builder.Services);
        });
        await _app.StartAsync();
        BaseUrl = _app.GetBaseAddress();
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public AmazonDynamoDBClient CreateDynamoDbClient(string region = Region) => new(Credentials, new AmazonDynamoDBConfig
    {
        ServiceURL = BaseUrl.ToString(),
        AuthenticationRegion = region,
        MaxErrorRetry = 0,
    });

    public AmazonSQSClient CreateSqsClient() => new(Credentials, new AmazonSQSConfig
    {
        ServiceURL = BaseUrl.ToString(),
        AuthenticationRegion = Region,
        MaxErrorRetry = 0,
    });

    public AmazonS3Client CreateS3Client(bool forcePathStyle = true, string region = Region) => new(Credentials, new AmazonS3Config
    {
        ServiceURL = BaseUrl.ToString(),
        AuthenticationRegion = region,
        ForcePathStyle = forcePathStyle,
        MaxErrorRetry = 0,
    });

    /// <summary>A plain HttpClient for wire-level tests (malformed requests the SDKs would never send).</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseUrl };

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
}
