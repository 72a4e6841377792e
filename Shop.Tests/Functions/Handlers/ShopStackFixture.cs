using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Functions;
using Shop.Functions.Api;
using Shop.Functions.Aws.SesV2;
using Message = Amazon.SQS.Model.Message;
using Shop.Functions.Handlers;
using Shop.LocalAws.Ses;
using Shop.Tests.Functions.Template;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Functions.Handlers;

/// <summary>
/// LocalAws with the template's tables, queues, buckets and sender identity created under a unique stage, and the
/// functions built exactly as Lambda would build them: each from its own template Environment (plus the endpoint and
/// credentials), the catalog seeded by seedCatalog. Requests are API Gateway payload-2.0 events sent to the handlers'
/// <c>Handle(Stream)</c>; the routing here is a test's stand-in for API Gateway (the runtime emulates the real one).
/// </summary>
public sealed class ShopStackFixture : LocalAwsFixture
{
    private readonly Dictionary<string, string> _physicalIds = [];
    private readonly Dictionary<string, HttpApiFunction> _routes = [];

    public ShopTemplate Template { get; } = ShopTemplate.Load();
    public string Stage { get; } = "t" + Guid.NewGuid().ToString("N")[..8];
    public string OrderQueueUrl => _physicalIds["OrderProcessingQueue"];
    public string DeadLetterQueueUrl => _physicalIds["OrderProcessingDeadLetterQueue"];
    public string InvoiceBucket => _physicalIds["InvoiceBucket"];
    public string OrdersTable => _physicalIds["OrdersTable"];
    public string CartsTable => _physicalIds["CartsTable"];
    public AmazonSQSClient Sqs { get; private set; } = null!;
    public AmazonDynamoDBClient DynamoDb { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DynamoDb = CreateDynamoDbClient();
        Sqs = CreateSqsClient();
        await CreateResourcesAsync();
        foreach (var type in new[]
        {
            typeof(CreateSessionFunction), typeof(GetProductsFunction), typeof(ManageCartFunction), typeof(CreateOrderFunction),
            typeof(GetOrdersFunction), typeof(TrackEventFunction), typeof(GetRecommendationsFunction),
        })
        {
            var function = (HttpApiFunction)Activator.CreateInstance(type, ServicesFor(type))!;
            foreach (var route in function.RouteKeys)
            {
                _routes.Add(route, function);
            }
        }
        await new SeedCatalogFunction(ServicesFor(typeof(SeedCatalogFunction))).Handle(new MemoryStream("{}"u8.ToArray()));
    }

    /// <summary>The shop's services as the function of that handler class sees them, from its template Environment.</summary>
    public ShopServices ServicesFor(Type handler, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var (_, properties) = Template.FunctionFor(handler);
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = BaseUrl.ToString(),
            ["AWS_REGION"] = Region,
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "local-test-secret",
        };
        foreach (var (name, value) in properties["Environment"]!["Variables"]!.AsObject())
        {
            environment[name] = ShopTemplate.Evaluate(value, Resolve);
        }
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        return new ShopServices(name => environment.GetValueOrDefault(name), TimeProvider.System, NullLoggerFactory.Instance);
    }

    public ProcessOrderFunction ProcessOrder(IReadOnlyDictionary<string, string>? overrides = null) =>
        new(ServicesFor(typeof(ProcessOrderFunction), overrides));

    /// <summary>Everything LocalAws's SES accepted.</summary>
    public IReadOnlyList<SentEmail> SentEmails => App.Services.GetRequiredService<SesState>().SentMessages();

    /// <summary>A new guest session (POST /api/sessions).</summary>
    public async Task<(string UserId, string Token)> CreateSessionAsync()
    {
        var session = await SendAsync("POST", "/api/sessions");
        Assert.Equal(201, session.Status);
        return ((string)session.Body!["userId"]!, (string)session.Body["token"]!);
    }

    /// <summary>Sends a request as API Gateway would deliver it to the function that serves its route.</summary>
    public async Task<ApiResult> SendAsync(string method, string pathAndQuery, object? body = null, string? token = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var (path, query) = pathAndQuery.IndexOf('?') is var q and >= 0 ? (pathAndQuery[..q], pathAndQuery[(q + 1)..]) : (pathAndQuery, "");
        var (routeKey, pathParameters) = Match(method, path);
        var eventHeaders = new JsonObject { ["host"] = "localhost", ["user-agent"] = "shop-tests" };
        if (token is not null)
        {
            eventHeaders["authorization"] = "Bearer " + token;
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            eventHeaders[name.ToLowerInvariant()] = value;
        }
        var request = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = routeKey,
            ["rawPath"] = path,
            ["rawQueryString"] = query,
            ["headers"] = eventHeaders,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "000000000000",
                ["apiId"] = "local",
                ["http"] = new JsonObject { ["method"] = method, ["path"] = path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "127.0.0.1" },
                ["requestId"] = Guid.NewGuid().ToString(),
                ["routeKey"] = routeKey,
                ["stage"] = "$default",
                ["timeEpoch"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            ["isBase64Encoded"] = false,
        };
        if (query.Length > 0)
        {
            request["queryStringParameters"] = new JsonObject(query.Split('&').Select(p => p.Split('=', 2))
                .Select(p => KeyValuePair.Create<string, JsonNode?>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? ""))));
        }
        if (pathParameters.Count > 0)
        {
            request["pathParameters"] = new JsonObject(pathParameters.Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, p.Value)));
        }
        if (body is not null)
        {
            request["body"] = body as string ?? JsonSerializer.Serialize(body);
        }
        if (routeKey is null)
        {
            return new ApiResult(404, JsonNode.Parse("""{"message":"Not Found"}"""), new Dictionary<string, string>());
        }
        var output = await _routes[routeKey].Handle(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString())));
        var response = JsonNode.Parse(output)!;
        var bodyText = (string?)response["body"];
        var responseHeaders = response["headers"]?.AsObject().ToDictionary(h => h.Key, h => (string)h.Value!) ?? [];
        return new ApiResult((int)response["statusCode"]!, bodyText is null ? null : JsonNode.Parse(bodyText), responseHeaders);
    }

    /// <summary>Receives up to <paramref name="max"/> order messages and shapes them as the SQS event source would.</summary>
    public async Task<(Stream Event, List<Message> Messages)> ReceiveOrderEventAsync(int max = 10, int? visibilityTimeout = null, string? queueUrl = null)
    {
        var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl ?? OrderQueueUrl,
            MaxNumberOfMessages = max,
            WaitTimeSeconds = 1,
            MessageSystemAttributeNames = ["All"],
            MessageAttributeNames = ["All"],
            VisibilityTimeout = visibilityTimeout,
        });
        var messages = response.Messages ?? [];
        var records = new JsonArray(messages.Select(m => (JsonNode)new JsonObject
        {
            ["messageId"] = m.MessageId,
            ["receiptHandle"] = m.ReceiptHandle,
            ["body"] = m.Body,
            ["attributes"] = new JsonObject((m.Attributes ?? []).Select(a => KeyValuePair.Create<string, JsonNode?>(a.Key, a.Value))),
            ["messageAttributes"] = new JsonObject((m.MessageAttributes ?? []).Select(a => KeyValuePair.Create<string, JsonNode?>(a.Key,
                new JsonObject { ["stringValue"] = a.Value.StringValue, ["dataType"] = a.Value.DataType }))),
            ["md5OfBody"] = m.MD5OfBody,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = Resolve("OrderProcessingQueue.Arn"),
            ["awsRegion"] = Region,
        }).ToArray());
        var sqsEvent = new JsonObject { ["Records"] = records };
        return (new MemoryStream(Encoding.UTF8.GetBytes(sqsEvent.ToJsonString())), messages);
    }

    /// <summary>What the event source does with processOrder's answer: deletes the messages that did not fail.</summary>
    public async Task<IReadOnlyList<string>> CompleteBatchAsync(Stream answer, IReadOnlyList<Message> messages)
    {
        var failed = (JsonNode.Parse(answer)!["batchItemFailures"]!.AsArray()).Select(f => (string)f!["itemIdentifier"]!).ToList();
        foreach (var message in messages.Where(m => !failed.Contains(m.MessageId)))
        {
            await Sqs.DeleteMessageAsync(OrderQueueUrl, message.ReceiptHandle);
        }
        return failed;
    }

    private (string? RouteKey, Dictionary<string, string> PathParameters) Match(string method, string path)
    {
        var segments = path.Split('/');
        foreach (var routeKey in _routes.Keys)
        {
            var parts = routeKey.Split(' ', 2);
            var template = parts[1].Split('/');
            if (parts[0] != method || template.Length != segments.Length)
            {
                continue;
            }
            var parameters = new Dictionary<string, string>();
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                if (template[i].StartsWith('{'))
                {
                    parameters[template[i].Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    matched = template[i] == segments[i];
                }
            }
            if (matched)
            {
                return (routeKey, parameters);
            }
        }
        return (null, []);
    }

    private string Resolve(string name)
    {
        if (name == "Stage")
        {
            return Stage;
        }
        if (_physicalIds.TryGetValue(name, out var id))
        {
            return id;
        }
        return name switch
        {
            "AWS::Region" => Region,
            "AWS::AccountId" => "000000000000",
            "AWS::Partition" => "aws",
            _ => Template.ParameterDefault(name) ?? throw new KeyNotFoundException("Unresolved template name " + name),
        };
    }

    private async Task CreateResourcesAsync()
    {
        foreach (var (logicalId, properties) in Template.OfType("AWS::DynamoDB::Table"))
        {
            var name = ShopTemplate.Evaluate(properties["TableName"], Resolve);
            await DynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = name,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = KeySchema(properties["KeySchema"]),
                AttributeDefinitions = properties["AttributeDefinitions"]!.AsArray()
                    .Select(a => new AttributeDefinition((string)a!["AttributeName"]!, (string)a["AttributeType"]!)).ToList(),
                GlobalSecondaryIndexes = properties["GlobalSecondaryIndexes"]?.AsArray().Select(i => new GlobalSecondaryIndex
                {
                    IndexName = (string)i!["IndexName"]!,
                    KeySchema = KeySchema(i["KeySchema"]),
                    Projection = new Projection { ProjectionType = (string)i["Projection"]!["ProjectionType"]! },
                }).ToList(),
            });
            _physicalIds[logicalId] = name;
            _physicalIds[logicalId + ".Arn"] = $"arn:aws:dynamodb:{Region}:000000000000:table/{name}";
        }
        // Dead-letter queues first: the others' redrive policies point at them.
        var queues = Template.OfType("AWS::SQS::Queue").OrderBy(q => q.Properties["RedrivePolicy"] is null ? 0 : 1);
        foreach (var (logicalId, properties) in queues)
        {
            var attributes = new Dictionary<string, string>();
            if (properties["VisibilityTimeout"] is { } visibility)
            {
                attributes["VisibilityTimeout"] = visibility.ToString();
            }
            if (properties["RedrivePolicy"] is JsonObject redrive)
            {
                attributes["RedrivePolicy"] = new JsonObject
                {
                    ["deadLetterTargetArn"] = ShopTemplate.Evaluate(redrive["deadLetterTargetArn"], Resolve),
                    ["maxReceiveCount"] = int.Parse(ShopTemplate.Evaluate(redrive["maxReceiveCount"], Resolve)),
                }.ToJsonString();
            }
            var created = await Sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = ShopTemplate.Evaluate(properties["QueueName"], Resolve),
                Attributes = attributes,
            });
            var arn = await Sqs.GetQueueAttributesAsync(created.QueueUrl, ["QueueArn"]);
            _physicalIds[logicalId] = created.QueueUrl;
            _physicalIds[logicalId + ".Arn"] = arn.QueueARN;
        }
        using var s3 = CreateS3Client();
        foreach (var (logicalId, properties) in Template.OfType("AWS::S3::Bucket"))
        {
            var name = ShopTemplate.Evaluate(properties["BucketName"], Resolve);
            await s3.PutBucketAsync(name);
            _physicalIds[logicalId] = name;
            _physicalIds[logicalId + ".Arn"] = "arn:aws:s3:::" + name;
        }
        var ses = new SesV2Client(new HttpClient(), new SesV2ClientOptions { Region = Region, ServiceUrl = BaseUrl, Credentials = Credentials });
        foreach (var (logicalId, properties) in Template.OfType("AWS::SES::EmailIdentity"))
        {
            var identity = ShopTemplate.Evaluate(properties["EmailIdentity"], Resolve);
            if (await IdentityExistsAsync(ses, identity) is false)
            {
                await ses.CreateEmailIdentityAsync(identity);
            }
            _physicalIds[logicalId] = identity;
        }
    }

    private static async Task<bool> IdentityExistsAsync(SesV2Client ses, string identity)
    {
        try
        {
            await ses.GetEmailIdentityAsync(identity);
            return true;
        }
        catch (SesV2Exception)
        {
            return false;
        }
    }

    private static List<KeySchemaElement> KeySchema(JsonNode? schema) => schema!.AsArray()
        .Select(k => new KeySchemaElement((string)k!["AttributeName"]!, (string)k["KeyType"]! == "HASH" ? KeyType.HASH : KeyType.RANGE)).ToList();
}

/// <summary>A function's answer: status, parsed JSON body, headers.</summary>
public sealed record ApiResult(int Status, JsonNode? Body, IReadOnlyDictionary<string, string> Headers)
{
    public string ErrorCode => (string?)Body?["error"]?["code"] ?? "(no error code)";
}
