using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Shop.LocalAws;
using Shop.LocalAws.Provisioning;
using Shop.Tests.Infrastructure;
using Shop.Tests.LocalAws.Sqs;

namespace Shop.Tests.LocalAws.Provisioning;

public class TemplateProvisionerTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "shop-provisioning-" + Guid.NewGuid().ToString("N"));

    private const string Template = """
        Parameters:
          Stage: {Type: String, Default: prov}
          Sender: {Type: String, Default: shop@example.com}
        Resources:
          Products:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: !Sub "${Stage}-Products"
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions:
                - {AttributeName: productId, AttributeType: S}
                - {AttributeName: productType, AttributeType: S}
              KeySchema: [{AttributeName: productId, KeyType: HASH}]
              GlobalSecondaryIndexes:
                - IndexName: ByType
                  KeySchema: [{AttributeName: productType, KeyType: HASH}]
                  Projection: {ProjectionType: ALL}
              TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
              StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
          DeadLetters:
            Type: AWS::SQS::Queue
            Properties: {QueueName: !Sub "${Stage}-dlq"}
          Orders:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub "${Stage}-orders"
              VisibilityTimeout: 42
              RedrivePolicy:
                deadLetterTargetArn: !GetAtt DeadLetters.Arn
                maxReceiveCount: 5
          Invoices:
            Type: AWS::S3::Bucket
            Properties: {BucketName: !Sub "${Stage}-invoices"}
          SenderIdentity:
            Type: AWS::SES::EmailIdentity
            Properties: {EmailIdentity: !Ref Sender}
          Role:
            Type: AWS::IAM::Role
            Properties: {AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}}
          Cdn:
            Type: AWS::CloudFront::Distribution
            Properties: {DistributionConfig: {Enabled: true}}
          Alarm:
            Type: AWS::CloudWatch::Alarm
            Properties: {MetricName: Errors}
        """;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "template.yaml"), Template);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private sealed class ProvisionedLocalAws(string directory, Uri? awsBackend = null, string region = LocalAwsFixture.Region) : LocalAwsFixture, IAsyncDisposable
    {
        public System.Collections.Concurrent.ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Category, string Message)> Logged { get; } = new();

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new CollectingLoggerProvider(Logged));

        protected override void Configure(LocalAwsOptions options)
        {
            options.TemplatePath = Path.Combine(directory, "template.yaml");
            options.DataDirectory = Path.Combine(directory, "data");
            options.AwsBackendUrl = awsBackend?.ToString();
            options.Region = region;
        }

        public Task<ProvisioningReport> Provisioned => App.Services.GetRequiredService<TemplateProvisioner>().Completion.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task The_templates_tables_queues_buckets_and_identities_exist_through_the_AWS_APIs()
    {
        await using var localAws = new ProvisionedLocalAws(_directory);
        await localAws.InitializeAsync();
        var report = await localAws.Provisioned;

        var table = (await localAws.CreateDynamoDbClient().DescribeTableAsync("prov-Products")).Table;
        Assert.Equal("productId", table.KeySchema.Single().AttributeName);
        Assert.Equal("ByType", table.GlobalSecondaryIndexes.Single().IndexName);
        var timeToLive = (await localAws.CreateDynamoDbClient().DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = "prov-Products" })).TimeToLiveDescription;
        Assert.Equal(("ENABLED", "expiresAt"), (timeToLive.TimeToLiveStatus.Value, timeToLive.AttributeName));
        // A stream is not emulated, and provisioning says so rather than leaving the table silently without one.
        Assert.Contains(localAws.Logged, entry => entry.Message == "Products: StreamSpecification is recorded, not emulated (LocalAws has no DynamoDB Streams); the table has no stream");

        var sqs = localAws.CreateSqsClient();
        var queueUrl = (await sqs.GetQueueUrlAsync("prov-orders")).QueueUrl;
        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] })).Attributes;
        Assert.Equal("42", attributes["VisibilityTimeout"]);
        Assert.Contains("arn:aws:sqs:us-east-1:000000000000:prov-dlq", attributes["RedrivePolicy"], StringComparison.Ordinal);
        Assert.Contains("5", attributes["RedrivePolicy"], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await localAws.CreateS3Client().GetBucketLocationAsync("prov-invoices")).HttpStatusCode);

        using var http = localAws.CreateHttpClient();
        var identity = await http.GetAsync("/v2/email/identities/shop%40example.com");
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);

        Assert.Equal(ResourceOutcome.Created, report.OutcomeOf("Products"));
        Assert.Equal(ResourceOutcome.RecordedNotEnforced, report.OutcomeOf("Role"));
        Assert.Equal(ResourceOutcome.NotEmulated, report.OutcomeOf("Cdn"));
        Assert.Equal(ResourceOutcome.NotEmulated, report.OutcomeOf("Alarm"));
    }

    [Fact]
    public async Task The_templates_resources_are_provisioned_in_the_region_LocalAws_runs_in()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, "eu-west-1")).FullName;
        File.WriteAllText(Path.Combine(directory, "template.yaml"), """
            Resources:
              DeadLetters:
                Type: AWS::SQS::Queue
                Properties: {QueueName: prov-dlq}
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: prov-orders
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 5}
              Products:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: prov-products
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              Invoices:
                Type: AWS::S3::Bucket
                Properties: {BucketName: prov-invoices-west}
            """);
        await using var localAws = new ProvisionedLocalAws(directory, region: "eu-west-1");
        await localAws.InitializeAsync();
        var report = await localAws.Provisioned;
        Assert.All(["DeadLetters", "Orders", "Products", "Invoices"], id => Assert.Equal(ResourceOutcome.Created, report.OutcomeOf(id)));

        using var west = localAws.CreateSqsClient("eu-west-1");
        var queueUrl = (await west.GetQueueUrlAsync("prov-orders")).QueueUrl;
        var attributes = (await west.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn", "RedrivePolicy"] })).Attributes;
        Assert.Equal("arn:aws:sqs:eu-west-1:000000000000:prov-orders", attributes["QueueArn"]);
        Assert.Contains("arn:aws:sqs:eu-west-1:000000000000:prov-dlq", attributes["RedrivePolicy"], StringComparison.Ordinal);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => localAws.CreateSqsClient("us-east-1").GetQueueUrlAsync("prov-orders"));

        using var westTables = localAws.CreateDynamoDbClient("eu-west-1");
        Assert.Equal("arn:aws:dynamodb:eu-west-1:000000000000:table/prov-products", (await westTables.DescribeTableAsync("prov-products")).Table.TableArn);
        await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.ResourceNotFoundException>(() => localAws.CreateDynamoDbClient("us-east-1").DescribeTableAsync("prov-products"));

        using var s3 = localAws.CreateS3Client(region: "eu-west-1");
        Assert.Equal("eu-west-1", (await s3.GetBucketLocationAsync("prov-invoices-west")).Location.Value);
    }

    [Fact]
    public async Task With_another_aws_backend_the_resources_are_created_there_not_in_this_LocalAws()
    {
        // As with LocalStack as the backend: this LocalAws keeps only the serverless runtime.
        var backend = new LocalAwsFixture();
        await backend.InitializeAsync();
        try
        {
            await using var runtimeOnly = new ProvisionedLocalAws(_directory, backend.BaseUrl);
            await runtimeOnly.InitializeAsync();
            await runtimeOnly.Provisioned;

            Assert.Equal("prov-Products", (await backend.CreateDynamoDbClient().DescribeTableAsync("prov-Products")).Table.TableName);
            Assert.NotNull((await backend.CreateSqsClient().GetQueueUrlAsync("prov-orders")).QueueUrl);
            await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.ResourceNotFoundException>(() => runtimeOnly.CreateDynamoDbClient().DescribeTableAsync("prov-Products"));
        }
        finally
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_restart_with_the_same_data_directory_keeps_the_resources_and_succeeds()
    {
        await using (var first = new ProvisionedLocalAws(_directory))
        {
            await first.InitializeAsync();
            await first.Provisioned;
            await first.CreateDynamoDbClient().PutItemAsync("prov-Products", new() { ["productId"] = new AttributeValue("p-1") });
        }

        await using var second = new ProvisionedLocalAws(_directory);
        await second.InitializeAsync();
        var report = await second.Provisioned;

        Assert.Equal(ResourceOutcome.AlreadyExisted, report.OutcomeOf("Products"));
        Assert.Equal(ResourceOutcome.AlreadyExisted, report.OutcomeOf("Orders"));
        Assert.Equal(ResourceOutcome.AlreadyExisted, report.OutcomeOf("Invoices"));
        Assert.Equal(ResourceOutcome.AlreadyExisted, report.OutcomeOf("SenderIdentity"));
        var item = await second.CreateDynamoDbClient().GetItemAsync("prov-Products", new() { ["productId"] = new AttributeValue("p-1") });
        Assert.True(item.IsItemSet);
        Assert.True(second.App.Services.GetRequiredService<TemplateProvisioner>().IsComplete);
    }

    [Fact]
    public async Task Health_answers_healthy_only_after_provisioning()
    {
        await using var localAws = new ProvisionedLocalAws(_directory);
        await localAws.InitializeAsync();
        await localAws.Provisioned;

        using var http = localAws.CreateHttpClient();
        var health = await http.GetAsync(LocalAwsApp.HealthPath);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
