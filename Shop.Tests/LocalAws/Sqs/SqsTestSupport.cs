using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>LocalAws whose clock the test controls.</summary>
public sealed class ManualClockLocalAwsFixture : LocalAwsFixture
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, Clock);
}

/// <summary>LocalAws persisting to a data directory, started and stopped by the test itself.</summary>
public sealed class PersistentLocalAwsFixture(string dataDirectory) : LocalAwsFixture
{
    protected override void Configure(Shop.LocalAws.LocalAwsOptions options) => options.DataDirectory = dataDirectory;
}

internal static class SqsClientExtensions
{
    /// <summary>A real SDK client that signs for <paramref name="region"/>, so LocalAws serves it that region's queues.</summary>
    public static AmazonSQSClient CreateSqsClient(this LocalAwsFixture localAws, string region) => new(LocalAwsFixture.Credentials, new AmazonSQSConfig
    {
        ServiceURL = localAws.BaseUrl.ToString(),
        AuthenticationRegion = region,
        MaxErrorRetry = 0,
    });

    public static async Task<string> CreateUniqueQueueAsync(this IAmazonSQS sqs, string prefix, Dictionary<string, string>? attributes = null)
    {
        var response = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = LocalAwsFixture.UniqueName(prefix), Attributes = attributes });
        return response.QueueUrl;
    }

    public static async Task<Dictionary<string, string>> AttributesAsync(this IAmazonSQS sqs, string queueUrl, params string[] names)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = names.Length == 0 ? ["All"] : [.. names] });
        return response.Attributes;
    }

    public static async Task<List<Message>> ReceiveAllAttributesAsync(this IAmazonSQS sqs, string queueUrl, int max = 10, int? visibilityTimeout = null, int waitSeconds = 0)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = max,
            VisibilityTimeout = visibilityTimeout,
            WaitTimeSeconds = waitSeconds,
            MessageSystemAttributeNames = ["All"],
            MessageAttributeNames = ["All"],
        });
        return response.Messages ?? [];
    }
}
