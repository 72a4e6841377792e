using System.Text.Json.Nodes;
using Shop.LocalAws.ApiGateway;
using Shop.LocalAws.EventSources;
using Shop.LocalAws.Lambda;

namespace Shop.LocalAws.Provisioning;

/// <summary>
/// Creates the local resources of <c>infra/shop.template.yaml</c> when LocalAws starts (<c>--template PATH</c>):
/// tables, queues, buckets and email identities through LocalAws's own wire APIs (an existing resource is kept,
/// so a restart with <c>--data-dir</c> succeeds), functions, HTTP API routes and SQS event source mappings in the
/// local serverless runtime. Resource types LocalAws does not emulate are listed in the log, never dropped silently.
/// See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
/// </summary>
public sealed class TemplateProvisioner(
    LocalAwsOptions options,
    LambdaFunctionRegistry functions,
    HttpApiRegistry apis,
    SqsEventSourcePoller eventSources,
    TimeProvider time,
    ILogger<TemplateProvisioner> logger)
{
    private readonly TaskCompletionSource<ProvisioningReport> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once provisioning finished (or there was no template); the health endpoint waits for it.</summary>
    public bool IsComplete => options.TemplatePath is null || _completion.Task.IsCompletedSuccessfully;

    public Task<ProvisioningReport> Completion => _completion.Task;

    public async Task ProvisionAsync(Uri localAws, CancellationToken cancellationToken)
    {
        if (options.TemplatePath is null)
        {
            return;
        }
        try
        {
            var stack = CloudFormationStack.Load(options.TemplatePath, CloudFormationStack.ParseParameterOverrides(options.TemplateParameters), new StackSettings
            {
                StackName = options.StackName,
                Region = options.Region,
                AccountId = options.AccountId,
                LocalEndpoint = localAws.GetLeftPart(UriPartial.Authority),
            });
            var report = await ProvisionAsync(stack, localAws, cancellationToken);
            _completion.TrySetResult(report);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Provisioning {Template} failed", options.TemplatePath);
            _completion.TrySetException(error);
        }
    }

    internal async Task<ProvisioningReport> ProvisionAsync(CloudFormationStack stack, Uri localAws, CancellationToken cancellationToken)
    {
        using var client = new LocalAwsWireClient(localAws, "LOCALAWSPROVISIONING", stack.Settings.Region);
        var report = new ProvisioningReport();
        foreach (var resource in stack.Resources)
        {
            var outcome = resource.Type switch
            {
                "AWS::DynamoDB::Table" => await CreateTableAsync(client, stack, resource, cancellationToken),
                "AWS::SQS::Queue" => await CreateQueueAsync(client, stack, resource, cancellationToken),
                "AWS::S3::Bucket" => await CreateBucketAsync(client, stack, resource, cancellationToken),
                "AWS::SES::EmailIdentity" => await CreateEmailIdentityAsync(client, stack, resource, cancellationToken),
                "AWS::Lambda::Function" => RegisterFunction(stack, resource),
                "AWS::ApiGatewayV2::Api" => RegisterApi(stack, resource),
                "AWS::ApiGatewayV2::Integration" => ResourceOutcome.Registered, // read by the routes that target it
                "AWS::ApiGatewayV2::Route" => RegisterRoute(stack, resource),
                "AWS::ApiGatewayV2::Stage" => RegisterStage(stack, resource),
                "AWS::Lambda::EventSourceMapping" => RegisterEventSourceMapping(stack, resource, localAws),
                // Accepted as written: locally every principal may invoke every function, and calls are logged per caller.
                "AWS::Lambda::Permission" or "AWS::IAM::Role" or "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" => ResourceOutcome.RecordedNotEnforced,
                _ => ResourceOutcome.NotEmulated,
            };
            report.Add(resource, outcome);
            var log = outcome switch
            {
                ResourceOutcome.NotEmulated => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            logger.Log(log, "{LogicalId} ({Type}): {Outcome}", resource.LogicalId, resource.Type, Describe(outcome));
        }
        var notEmulated = report.Resources.Where(r => r.Outcome == ResourceOutcome.NotEmulated).Select(r => $"{r.LogicalId} ({r.Type})").ToList();
        logger.LogInformation("Provisioned {Count} resources from {Template}; recorded, not emulated: {NotEmulated}",
            report.Resources.Count, options.TemplatePath ?? "the template", notEmulated.Count == 0 ? "none" : string.Join(", ", notEmulated));
        return report;
    }

    private static string Describe(ResourceOutcome outcome) => outcome switch
    {
        ResourceOutcome.Created => "created",
        ResourceOutcome.AlreadyExisted => "already exists, kept",
        ResourceOutcome.Registered => "registered in the local serverless runtime",
        ResourceOutcome.RecordedNotEnforced => "recorded, not enforced locally",
        _ => "recorded, not emulated",
    };

    private async Task<ResourceOutcome> CreateTableAsync(LocalAwsWireClient client, CloudFormationStack stack, StackResource resource, CancellationToken cancellationToken)
    {
        var properties = stack.ResolveProperties(resource);
        if (properties["StreamSpecification"] is not null)
        {
            logger.LogWarning("{LogicalId}: StreamSpecification is recorded, not emulated (LocalAws has no DynamoDB Streams); the table has no stream", resource.LogicalId);
        }
        var request = new JsonObject { ["TableName"] = stack.PhysicalName(resource) };
        foreach (var name in new[] { "AttributeDefinitions", "KeySchema", "BillingMode", "ProvisionedThroughput", "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification", "TableClass", "DeletionProtectionEnabled", "Tags" })
        {
            if (properties[name] is { } value)
            {
                request[name] = value.DeepClone();
            }
        }
        var response = await client.JsonAsync("dynamodb", "DynamoDB_20120810.CreateTable", request, cancellationToken);
        var outcome = Outcome(response, resource, "ResourceInUseException");
        if (properties["TimeToLiveSpecification"] is JsonObject ttl && ttl["Enabled"]?.GetValue<bool>() == true)
        {
            var ttlResponse = await client.JsonAsync("dynamodb", "DynamoDB_20120810.UpdateTimeToLive", new JsonObject
            {
                ["TableName"] = request["TableName"]!.DeepClone(),
                ["TimeToLiveSpecification"] = ttl.DeepClone(),
            }, cancellationToken);
            if (!ttlResponse.IsSuccess && ttlResponse.ErrorCode != "ValidationException")
            {
                throw new InvalidOperationException($"{resource.LogicalId}: UpdateTimeToLive answered {ttlResponse.StatusCode} {ttlResponse.Body}");
            }
        }
        return outcome;
    }

    private static async Task<ResourceOutcome> CreateQueueAsync(LocalAwsWireClient client, CloudFormationStack stack, StackResource resource, CancellationToken cancellationToken)
    {
        var properties = stack.ResolveProperties(resource);
        var name = stack.PhysicalName(resource);
        var attributes = new JsonObject();
        foreach (var (key, value) in properties)
        {
            switch (key)
            {
                case "QueueName" or "Tags":
                    break;
                case "RedrivePolicy" or "RedriveAllowPolicy":
                    // CloudFormation takes a JSON object; the SQS API takes it as a JSON string.
                    attributes[key] = value is JsonObject policy ? policy.ToJsonString() : CloudFormationStack.Text(value);
                    break;
                default:
                    attributes[key] = CloudFormationStack.Text(value);
                    break;
            }
        }
        // An existing queue is kept and given the template's attributes (as a stack update would).
        var existing = await client.JsonAsync("sqs", "AmazonSQS.GetQueueUrl", new JsonObject { ["QueueName"] = name }, cancellationToken);
        if (existing.IsSuccess && existing.Json?["QueueUrl"]?.GetValue<string>() is { } existingUrl)
        {
            var changeable = new JsonObject(attributes.Where(a => a.Key is not "FifoQueue").Select(a => KeyValuePair.Create(a.Key, a.Value?.DeepClone())));
            var updated = await client.JsonAsync("sqs", "AmazonSQS.SetQueueAttributes", new JsonObject { ["QueueUrl"] = existingUrl, ["Attributes"] = changeable }, cancellationToken);
            if (!updated.IsSuccess)
            {
                throw new InvalidOperationException($"{resource.LogicalId}: SetQueueAttributes answered {updated.StatusCode} {updated.Body}");
            }
            stack.SetRef(resource.LogicalId, existingUrl);
            return ResourceOutcome.AlreadyExisted;
        }
        var request = new JsonObject { ["QueueName"] = name, ["Attributes"] = attributes };
        if (properties["Tags"] is JsonArray tags)
        {
            request["tags"] = new JsonObject(tags.OfType<JsonObject>().Select(t => KeyValuePair.Create(CloudFormationStack.Text(t["Key"])!, (JsonNode?)CloudFormationStack.Text(t["Value"]))));
        }
        var response = await client.JsonAsync("sqs", "AmazonSQS.CreateQueue", request, cancellationToken);
        if (!response.IsSuccess || response.Json?["QueueUrl"]?.GetValue<string>() is not { } url)
        {
            throw new InvalidOperationException($"{resource.LogicalId}: CreateQueue answered {response.StatusCode} {response.Body}");
        }
        stack.SetRef(resource.LogicalId, url);
        return ResourceOutcome.Created;
    }

    private static async Task<ResourceOutcome> CreateBucketAsync(LocalAwsWireClient client, CloudFormationStack stack, StackResource resource, CancellationToken cancellationToken)
    {
        // In us-east-1 CreateBucket answers 200 for a bucket you already own, so ask first.
        var path = "/" + Uri.EscapeDataString(stack.PhysicalName(resource));
        if ((await client.RestAsync("s3", HttpMethod.Head, path, cancellationToken: cancellationToken)).IsSuccess)
        {
            return ResourceOutcome.AlreadyExisted;
        }
        // As CloudFormation does, a bucket is made in the stack's region: outside us-east-1 S3 requires that region as
        // the LocationConstraint, and us-east-1 takes none.
        var region = stack.Settings.Region;
        var response = region == "us-east-1"
            ? await client.RestAsync("s3", HttpMethod.Put, path, cancellationToken: cancellationToken)
            : await client.RestXmlAsync("s3", HttpMethod.Put, path,
                $"""<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>{region}</LocationConstraint></CreateBucketConfiguration>""",
                cancellationToken);
        return Outcome(response, resource, "BucketAlreadyOwnedByYou");
    }

    private static async Task<ResourceOutcome> CreateEmailIdentityAsync(LocalAwsWireClient client, CloudFormationStack stack, StackResource resource, CancellationToken cancellationToken)
    {
        var response = await client.RestAsync("ses", HttpMethod.Post, "/v2/email/identities", new JsonObject { ["EmailIdentity"] = stack.PhysicalName(resource) }, cancellationToken);
        return Outcome(response, resource, "AlreadyExistsException");
    }

    private static ResourceOutcome Outcome(WireResponse response, StackResource resource, string alreadyExistsCode) =>
        response.IsSuccess ? ResourceOutcome.Created
        : response.ErrorCode == alreadyExistsCode ? ResourceOutcome.AlreadyExisted
        : throw new InvalidOperationException($"{resource.LogicalId} ({resource.Type}) could not be created: {response.StatusCode} {response.ErrorCode} {response.Body}");

    private ResourceOutcome RegisterFunction(CloudFormationStack stack, StackResource resource)
    {
        var properties = stack.ResolveProperties(resource);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties["Environment"]?["Variables"] as JsonObject ?? [])
        {
            environment[key] = CloudFormationStack.Text(value) ?? string.Empty;
        }
        functions.Register(new LambdaFunctionConfiguration
        {
            FunctionName = stack.PhysicalName(resource),
            FunctionArn = stack.ArnOf(resource),
            Handler = CloudFormationStack.Text(properties["Handler"]) ?? throw new InvalidDataException($"{resource.LogicalId} has no Handler."),
            Runtime = CloudFormationStack.Text(properties["Runtime"]) ?? "dotnet10",
            MemorySize = int.TryParse(CloudFormationStack.Text(properties["MemorySize"]), out var memory) ? memory : 128,
            Timeout = int.TryParse(CloudFormationStack.Text(properties["Timeout"]), out var timeout) ? timeout : 3,
            Role = CloudFormationStack.Text(properties["Role"]),
            Description = CloudFormationStack.Text(properties["Description"]),
            Architectures = properties["Architectures"] is JsonArray architectures ? [.. architectures.Select(a => CloudFormationStack.Text(a)!)] : ["x86_64"],
            Environment = environment,
            ReservedConcurrentExecutions = int.TryParse(CloudFormationStack.Text(properties["ReservedConcurrentExecutions"]), out var reserved) ? reserved : null,
            LastModified = time.GetUtcNow(),
        });
        return ResourceOutcome.Registered;
    }

    private ResourceOutcome RegisterApi(CloudFormationStack stack, StackResource resource)
    {
        var properties = stack.ResolveProperties(resource);
        var protocol = CloudFormationStack.Text(properties["ProtocolType"]);
        if (protocol != "HTTP" || properties["Target"] is not null || properties["Body"] is not null || properties["BodyS3Location"] is not null)
        {
            return ResourceOutcome.NotEmulated; // WebSocket APIs, quick create and OpenAPI import are not emulated
        }
        if (properties["CorsConfiguration"] is not null)
        {
            logger.LogWarning("{LogicalId}: CorsConfiguration is recorded, not applied (the local origin serves the site and the API from one origin)", resource.LogicalId);
        }
        apis.Add(stack.PhysicalName(resource), CloudFormationStack.Text(properties["Name"]) ?? resource.LogicalId);
        return ResourceOutcome.Registered;
    }

    private ResourceOutcome RegisterRoute(CloudFormationStack stack, StackResource resource)
    {
        var properties = stack.ResolveProperties(resource);
        var api = apis.Find(CloudFormationStack.Text(properties["ApiId"]) ?? string.Empty);
        var routeKey = CloudFormationStack.Text(properties["RouteKey"]);
        var target = CloudFormationStack.Text(properties["Target"]);
        if (api is null || routeKey is null || target is null || !target.StartsWith("integrations/", StringComparison.Ordinal))
        {
            return ResourceOutcome.NotEmulated;
        }
        if (CloudFormationStack.Text(properties["AuthorizationType"]) is { } authorization && authorization != "NONE")
        {
            logger.LogWarning("{LogicalId}: AuthorizationType {Authorization} is not enforced locally; the function sees the request unauthenticated", resource.LogicalId, authorization);
        }
        var integrationId = target["integrations/".Length..];
        var integration = stack.Resources.FirstOrDefault(r => r.Type == "AWS::ApiGatewayV2::Integration" && stack.PhysicalName(r) == integrationId)
            ?? throw new InvalidDataException($"{resource.LogicalId}: no integration {integrationId} in the template.");
        var integrationProperties = stack.ResolveProperties(integration);
        if (CloudFormationStack.Text(integrationProperties["IntegrationType"]) != "AWS_PROXY" || (CloudFormationStack.Text(integrationProperties["PayloadFormatVersion"]) ?? "2.0") != "2.0")
        {
            logger.LogWarning("{LogicalId}: only AWS_PROXY integrations with payload format 2.0 are emulated", integration.LogicalId);
            return ResourceOutcome.NotEmulated;
        }
        var uri = CloudFormationStack.Text(integrationProperties["IntegrationUri"]) ?? string.Empty;
        var functionArn = uri.Contains("/functions/", StringComparison.Ordinal)
            ? uri[(uri.IndexOf("/functions/", StringComparison.Ordinal) + "/functions/".Length)..].Replace("/invocations", string.Empty, StringComparison.Ordinal)
            : uri;
        var timeout = int.TryParse(CloudFormationStack.Text(integrationProperties["TimeoutInMillis"]), out var millis) ? millis : 30_000;
        var routeId = stack.PhysicalName(resource);
        api.Routes[routeId] = new HttpApiRoute(routeId, routeKey, functionArn, timeout);
        return ResourceOutcome.Registered;
    }

    private ResourceOutcome RegisterStage(CloudFormationStack stack, StackResource resource)
    {
        var properties = stack.ResolveProperties(resource);
        if (apis.Find(CloudFormationStack.Text(properties["ApiId"]) ?? string.Empty) is not { } api)
        {
            return ResourceOutcome.NotEmulated;
        }
        api.Stages[CloudFormationStack.Text(properties["StageName"]) ?? "$default"] = true;
        return ResourceOutcome.Registered;
    }

    private ResourceOutcome RegisterEventSourceMapping(CloudFormationStack stack, StackResource resource, Uri localAws)
    {
        var properties = stack.ResolveProperties(resource);
        var source = CloudFormationStack.Text(properties["EventSourceArn"]) ?? string.Empty;
        if (!source.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
        {
            return ResourceOutcome.NotEmulated; // streams, Kafka and MQ sources are not emulated
        }
        foreach (var ignored in new[] { "FilterCriteria", "MaximumRetryAttempts", "DestinationConfig", "BisectBatchOnFunctionError" }.Where(properties.ContainsKey))
        {
            logger.LogWarning("{LogicalId}: {Property} is recorded, not applied by the local SQS poller", resource.LogicalId, ignored);
        }
        var responseTypes = properties["FunctionResponseTypes"] as JsonArray ?? [];
        eventSources.Start(new EventSourceMapping
        {
            Uuid = stack.PhysicalName(resource),
            FunctionName = CloudFormationStack.Text(properties["FunctionName"]) ?? throw new InvalidDataException($"{resource.LogicalId} has no FunctionName."),
            EventSourceArn = source,
            BatchSize = int.TryParse(CloudFormationStack.Text(properties["BatchSize"]), out var size) ? size : 10,
            MaximumBatchingWindowInSeconds = int.TryParse(CloudFormationStack.Text(properties["MaximumBatchingWindowInSeconds"]), out var window) ? window : 0,
            ReportBatchItemFailures = responseTypes.Any(t => CloudFormationStack.Text(t) == "ReportBatchItemFailures"),
            Enabled = CloudFormationStack.Text(properties["Enabled"]) is not "false",
            MaximumConcurrency = int.TryParse(CloudFormationStack.Text(properties["ScalingConfig"]?["MaximumConcurrency"]), out var concurrency) ? concurrency : 2,
        }, localAws);
        return ResourceOutcome.Registered;
    }
}

/// <summary>What provisioning did with one resource of the template.</summary>
public enum ResourceOutcome
{
    Created,
    AlreadyExisted,
    Registered,
    RecordedNotEnforced,
    NotEmulated,
}

/// <summary>Every resource of the template with what provisioning did with it.</summary>
public sealed class ProvisioningReport
{
    private readonly List<(string LogicalId, string Type, ResourceOutcome Outcome)> _resources = [];

    public IReadOnlyList<(string LogicalId, string Type, ResourceOutcome Outcome)> Resources => _resources;

    public void Add(StackResource resource, ResourceOutcome outcome) => _resources.Add((resource.LogicalId, resource.Type, outcome));

    public ResourceOutcome OutcomeOf(string logicalId) => _resources.First(r => r.LogicalId == logicalId).Outcome;
}
