extern alias LambdaRunner;

using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Shop.Functions.Aws.SesV2;
using Shop.Tests.Infrastructure;
using AwsClientSpans = LambdaRunner::Shop.LocalAws.LambdaRunner.AwsClientSpans;

namespace Shop.Tests.LocalAws.Lambda;

/// <summary>
/// The local Lambda runner names the HttpClient span of each AWS call by its service and operation. Checked on the
/// requests the real AWS SDK clients and the shop's SES v2 client send, captured on their way to LocalAws.
/// </summary>
public sealed class AwsClientSpansTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private sealed class CapturingHandler : DelegatingHandler
    {
        public ConcurrentQueue<string> Described { get; } = new();

        public CapturingHandler() => InnerHandler = new SocketsHttpHandler();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Described.Enqueue(AwsClientSpans.Describe(request) is var (service, operation) ? $"{service}.{operation}" : "(none)");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CapturingFactory(CapturingHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }

    [Fact]
    public async Task Each_aws_call_is_named_by_service_and_operation()
    {
        using var handler = new CapturingHandler();
        var factory = new CapturingFactory(handler);
        using var dynamoDb = new AmazonDynamoDBClient(LocalAwsFixture.Credentials, new AmazonDynamoDBConfig { ServiceURL = localAws.BaseUrl.ToString(), AuthenticationRegion = LocalAwsFixture.Region, HttpClientFactory = factory });
        using var sqs = new AmazonSQSClient(LocalAwsFixture.Credentials, new AmazonSQSConfig { ServiceURL = localAws.BaseUrl.ToString(), AuthenticationRegion = LocalAwsFixture.Region, HttpClientFactory = factory });
        using var s3 = new AmazonS3Client(LocalAwsFixture.Credentials, new AmazonS3Config { ServiceURL = localAws.BaseUrl.ToString(), AuthenticationRegion = LocalAwsFixture.Region, ForcePathStyle = true, HttpClientFactory = factory });
        var ses = new SesV2Client(new HttpClient(handler, disposeHandler: false), new SesV2ClientOptions { Region = LocalAwsFixture.Region, ServiceUrl = localAws.BaseUrl, Credentials = LocalAwsFixture.Credentials });
        var bucket = LocalAwsFixture.UniqueName("spans");

        await dynamoDb.ListTablesAsync();
        await sqs.ListQueuesAsync(new Amazon.SQS.Model.ListQueuesRequest());
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "invoices/a.txt", ContentBody = "a" });
        (await s3.GetObjectAsync(bucket, "invoices/a.txt")).Dispose();
        await ses.CreateEmailIdentityAsync("spans@example.com");

        Assert.Equal(
            ["DynamoDB.ListTables", "SQS.ListQueues", "S3.CreateBucket", "S3.PutObject", "S3.GetObject", "SESv2.CreateEmailIdentity"],
            handler.Described);
    }

    [Fact]
    public void A_request_that_is_not_an_aws_call_keeps_its_name()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost:8080/api/products");

        Assert.Null(AwsClientSpans.Describe(request));
    }
}
