using System.Globalization;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Logging;
using Shop.Functions.Api;
using Shop.Functions.Aws;
using Shop.Functions.Aws.SesV2;
using Shop.Functions.Carts;
using Shop.Functions.Catalog;
using Shop.Functions.Orders;
using Shop.Functions.Recommendations;
using Shop.Functions.Sessions;

namespace Shop.Functions;

/// <summary>
/// The composition root: AWS clients, stores and services, each built on first use from the environment and then
/// reused for the life of the process (a Lambda execution environment serves many invocations). A function only builds
/// what it uses, so it needs only the variables its template entry sets. Endpoints come from the standard
/// <c>AWS_ENDPOINT_URL(_&lt;SERVICE&gt;)</c> variables: unset in Lambda, LocalAws locally.
/// </summary>
public sealed class ShopServices
{
    /// <summary>How long processOrder may hold an order: longer than its Timeout (30 s), shorter than the queue's VisibilityTimeout (180 s).</summary>
    public static readonly TimeSpan OrderLeaseDuration = TimeSpan.FromSeconds(60);

    private static readonly Lazy<ShopServices> FromProcess = new(() => new ShopServices(Environment.GetEnvironmentVariable));
    private static readonly HttpClient SesHttp = new();

    private readonly Func<string, string?> _environment;
    private readonly Lazy<AmazonDynamoDBClient> _dynamoDb;
    private readonly Lazy<AmazonSQSClient> _sqs;
    private readonly Lazy<AmazonS3Client> _s3;
    private readonly Lazy<SesV2Client> _ses;
    private readonly Lazy<SessionTokens> _sessions;

    public ShopServices(Func<string, string?> environment, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        _environment = environment;
        Time = time ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging
            .AddJsonConsole(json => json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ")
            .SetMinimumLevel(LogLevel.Information));
        _dynamoDb = new(() => Credentials() is { } credentials
            ? new AmazonDynamoDBClient(credentials, Configure(new AmazonDynamoDBConfig(), "DYNAMODB"))
            : new AmazonDynamoDBClient(Configure(new AmazonDynamoDBConfig(), "DYNAMODB")));
        _sqs = new(() => Credentials() is { } credentials
            ? new AmazonSQSClient(credentials, Configure(new AmazonSQSConfig(), "SQS"))
            : new AmazonSQSClient(Configure(new AmazonSQSConfig(), "SQS")));
        _s3 = new(() =>
        {
            var config = Configure(new AmazonS3Config(), "S3");
            // Local endpoints have no bucket sub-domains.
            config.ForcePathStyle = Endpoint("S3") is not null;
            return Credentials() is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
        });
        _ses = new(() => new SesV2Client(SesHttp, new SesV2ClientOptions
        {
            Region = Region,
            ServiceUrl = Endpoint("SESV2") is { } url ? new Uri(url, UriKind.Absolute) : null,
            Credentials = Credentials(),
        }));
        _sessions = new(() => new SessionTokens(
            Required(ShopEnvironment.SessionSigningKey),
            TimeSpan.FromMinutes(RequiredInt(ShopEnvironment.SessionLifetimeMinutes)),
            Time));
    }

    /// <summary>The process-wide instance the Lambda handlers use, configured by the function's environment.</summary>
    public static ShopServices Default => FromProcess.Value;

    public TimeProvider Time { get; }
    public ILoggerFactory LoggerFactory { get; }

    public SessionTokens SessionTokens => _sessions.Value;
    public SessionAuthentication Authentication => new(_sessions.Value);

    public ICatalogStore CatalogStore => new DynamoDbCatalogStore(_dynamoDb.Value,
        Required(ShopEnvironment.ProductsTable), Required(ShopEnvironment.ProductsByTypeIndex));

    /// <summary>The catalog for functions that only read products by id (the index name is not in their environment).</summary>
    public ICatalogStore ProductsById => new DynamoDbCatalogStore(_dynamoDb.Value,
        Required(ShopEnvironment.ProductsTable), Optional(ShopEnvironment.ProductsByTypeIndex));

    public ICartStore CartStore => new DynamoDbCartStore(_dynamoDb.Value, Required(ShopEnvironment.CartsTable), Time);

    public IOrderStore OrderStore => new DynamoDbOrderStore(_dynamoDb.Value,
        Required(ShopEnvironment.OrdersTable), Optional(ShopEnvironment.OrdersByUserIndex));

    public IInteractionStore InteractionStore => new DynamoDbInteractionStore(_dynamoDb.Value, Required(ShopEnvironment.InteractionsTable));

    public IOrderQueue OrderQueue => new SqsOrderQueue(_sqs.Value, Required(ShopEnvironment.OrderQueueUrl));

    public IInvoiceStore InvoiceStore => new S3InvoiceStore(_s3.Value, Required(ShopEnvironment.InvoiceBucket),
        Endpoint("S3") is { } url && url.StartsWith("http:", StringComparison.OrdinalIgnoreCase), Time);

    public IOrderConfirmationSender ConfirmationSender => new SesOrderConfirmationSender(_ses.Value, Required(ShopEnvironment.SenderEmail));

    public OrderProcessingOptions OrderProcessingOptions => new()
    {
        MaxReceiveCount = RequiredInt(ShopEnvironment.OrderQueueMaxReceiveCount),
        LeaseDuration = OrderLeaseDuration,
    };

    private string Region =>
        NonEmpty(_environment("AWS_REGION")) ?? NonEmpty(_environment("AWS_DEFAULT_REGION")) ?? "us-east-1";

    private string? Endpoint(string serviceId) => AwsEndpoints.For(serviceId, _environment);

    private T Configure<T>(T config, string serviceId) where T : ClientConfig
    {
        if (Endpoint(serviceId) is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        return config;
    }

    /// <summary>Lambda puts the role's credentials in the environment; without them the SDK's default chain decides.</summary>
    private AWSCredentials? Credentials()
    {
        var key = NonEmpty(_environment("AWS_ACCESS_KEY_ID"));
        var secret = NonEmpty(_environment("AWS_SECRET_ACCESS_KEY"));
        if (key is null || secret is null)
        {
            return null;
        }
        return NonEmpty(_environment("AWS_SESSION_TOKEN")) is { } token
            ? new SessionAWSCredentials(key, secret, token)
            : new BasicAWSCredentials(key, secret);
    }

    private string Required(string name) => NonEmpty(_environment(name))
        ?? throw new InvalidOperationException($"Environment variable {name} is not set; infra/shop.template.yaml sets it for the functions that use it.");

    private string? Optional(string name) => NonEmpty(_environment(name));

    private int RequiredInt(string name) =>
        int.TryParse(Required(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"Environment variable {name} must be a positive whole number.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
