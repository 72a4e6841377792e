using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shop.Tests.Functions.Template;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// What can be checked about the real-AWS deploy without an account: references resolve, buckets are private,
/// encrypted and TLS-only, CloudFront routes /api/* to the API, the default capacity is free, roles grant no wildcards.
/// </summary>
public partial class TemplateDeployTests
{
    private static readonly ShopTemplate Template = ShopTemplate.Load();

    private static readonly HashSet<string> PseudoParameters =
        ["AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName", "AWS::StackId", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"];

    [Fact]
    public void Every_Ref_GetAtt_and_Sub_variable_names_a_parameter_resource_pseudo_parameter_or_readable_attribute()
    {
        var problems = new List<string>();
        foreach (var (path, reference) in References(Template.Root["Resources"], "Resources").Concat(References(Template.Root["Outputs"], "Outputs")).Concat(References(Template.Root["Conditions"], "Conditions")))
        {
            if (Problem(reference) is { } problem)
            {
                problems.Add($"{path}: {problem}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void A_reference_to_nothing_or_to_an_attribute_the_type_lacks_is_reported()
    {
        Assert.NotNull(Problem("Nowhere"));
        Assert.NotNull(Problem("ProductsTable.DomainName"));
        Assert.NotNull(Problem("AWS::Moon"));
        Assert.Null(Problem("Distribution.DomainName"));
        Assert.Null(Problem("OrderProcessingDeadLetterQueue.QueueName"));
    }

    [Fact]
    public void Every_condition_and_resource_condition_is_declared()
    {
        var conditions = Template.Root["Conditions"]!.AsObject().Select(c => c.Key).ToHashSet();
        Assert.All(Template.Resources.Where(r => r.Value!["Condition"] is not null), r => Assert.Contains((string)r.Value!["Condition"]!, conditions));
        Assert.True(Template.Condition("UseProvisionedCapacity"));
        Assert.False(Template.Condition("HasAlertEmail"));
    }

    [Fact]
    public void Every_environment_variable_is_a_literal_or_points_at_a_resource_or_parameter_of_the_template()
    {
        foreach (var (logicalId, properties) in Template.OfType("AWS::Lambda::Function"))
        {
            foreach (var (name, value) in properties["Environment"]!["Variables"]!.AsObject())
            {
                var references = References(value, $"{logicalId}.{name}").ToList();
                Assert.True(value is JsonValue || references.Count > 0, $"{logicalId}.{name} is neither a literal nor a reference");
                Assert.All(references, r => Assert.True(Template.Resources.ContainsKey(r.Reference.Split('.')[0]) || Template.Parameters.ContainsKey(r.Reference),
                    $"{logicalId}.{name} -> {r.Reference}"));
            }
        }
    }

    [Fact]
    public void Every_bucket_is_private_encrypted_and_refuses_plain_http()
    {
        var buckets = Template.OfType("AWS::S3::Bucket").ToList();
        Assert.Equal(2, buckets.Count);
        foreach (var (logicalId, properties) in buckets)
        {
            var block = properties["PublicAccessBlockConfiguration"]!.AsObject();
            Assert.All(new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" }, k => Assert.True((bool)block[k]!, $"{logicalId}.{k}"));
            Assert.Null(properties["AccessControl"]);
            Assert.Null(properties["WebsiteConfiguration"]);
            var encryption = properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!;
            Assert.Equal("AES256", (string)encryption["SSEAlgorithm"]!);

            var policy = Assert.Single(Template.OfType("AWS::S3::BucketPolicy"), p => (string?)p.Properties["Bucket"]!["Ref"] == logicalId).Properties;
            var statements = policy["PolicyDocument"]!["Statement"]!.AsArray();
            Assert.Contains(statements, s => (string)s!["Effect"]! == "Deny" && (string)s["Action"]! == "s3:*"
                && (string?)s["Condition"]?["Bool"]?["aws:SecureTransport"] == "false"
                && s["Resource"]!.AsArray().Count == 2);
            // Nothing is granted to everyone.
            Assert.DoesNotContain(statements, s => (string)s!["Effect"]! == "Allow" && s["Principal"]?.ToJsonString() == "\"*\"");
        }
    }

    [Fact]
    public void Only_this_distribution_reads_the_site_bucket()
    {
        var statement = Template.Properties("SiteBucketPolicy")["PolicyDocument"]!["Statement"]!.AsArray()
            .Single(s => (string)s!["Effect"]! == "Allow")!;

        Assert.Equal("cloudfront.amazonaws.com", (string)statement["Principal"]!["Service"]!);
        Assert.Equal("s3:GetObject", (string)statement["Action"]!);
        Assert.Contains("distribution/${Distribution}", (string)statement["Condition"]!["StringEquals"]!["AWS:SourceArn"]!["Fn::Sub"]!);
    }

    [Fact]
    public void Invoices_expire_after_the_retention_parameter()
    {
        var rule = Template.Properties("InvoiceBucket")["LifecycleConfiguration"]!["Rules"]![0]!;

        Assert.Equal("Enabled", (string)rule["Status"]!);
        Assert.Equal("InvoiceRetentionDays", (string)rule["ExpirationInDays"]!["Ref"]!);
    }

    [Fact]
    public void CloudFront_serves_the_site_over_https_and_routes_api_to_the_http_api_uncached_except_the_catalog()
    {
        var config = Template.Properties("Distribution")["DistributionConfig"]!;
        var origins = config["Origins"]!.AsArray().ToDictionary(o => (string)o!["Id"]!, o => o!);
        Assert.Equal("index.html", (string)config["DefaultRootObject"]!);
        Assert.Equal("SiteBucket", (string)origins["site"]["DomainName"]!["Fn::GetAtt"]![0]!);
        Assert.Equal("SiteOriginAccessControl", (string)origins["site"]["OriginAccessControlId"]!["Fn::GetAtt"]![0]!);
        Assert.StartsWith("${HttpApi}.execute-api.", (string)origins["api"]["DomainName"]!["Fn::Sub"]!);
        Assert.Equal("https-only", (string)origins["api"]["CustomOriginConfig"]!["OriginProtocolPolicy"]!);

        var site = config["DefaultCacheBehavior"]!;
        var behaviours = config["CacheBehaviors"]!.AsArray().Select(b => b!).ToList();
        Assert.Equal(["/api/products*", "/api/*"], behaviours.Select(b => (string)b["PathPattern"]!));
        Assert.All(behaviours.Append(site), b =>
        {
            Assert.Equal("redirect-to-https", (string)b["ViewerProtocolPolicy"]!);
            Assert.True((bool)b["Compress"]!);
            Assert.Equal("SecurityHeadersPolicy", (string)b["ResponseHeadersPolicyId"]!["Ref"]!);
        });
        Assert.Equal("site", (string)site["TargetOriginId"]!);
        Assert.Equal("SpaRewriteFunction", (string)site["FunctionAssociations"]![0]!["FunctionARN"]!["Fn::GetAtt"]![0]!);
        Assert.All(behaviours, b => Assert.Equal("api", (string)b["TargetOriginId"]!));

        var catalog = behaviours[0];
        Assert.Equal(["GET", "HEAD"], catalog["AllowedMethods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("ProductsCachePolicy", (string)catalog["CachePolicyId"]!["Ref"]!);
        Assert.True((long)Template.Properties("ProductsCachePolicy")["CachePolicyConfig"]!["MaxTTL"]! <= 300);
        var api = behaviours[1];
        Assert.Equal(7, api["AllowedMethods"]!.AsArray().Count);
        Assert.Equal(CachingDisabled, (string)api["CachePolicyId"]!);
        Assert.Equal(AllViewerExceptHostHeader, (string)api["OriginRequestPolicyId"]!);
        Assert.Equal("http2and3", (string)config["HttpVersion"]!);
    }

    [Fact]
    public void The_spa_rewrite_sends_deep_links_to_index_html_and_leaves_files_and_the_api_alone()
    {
        var code = (string)Template.Properties("SpaRewriteFunction")["FunctionCode"]!;
        // The function's rule, restated: the last path segment has no dot and the path is not under /api/.
        Assert.Contains("uri.indexOf('/api/') !== 0 && uri.lastIndexOf('.') <= uri.lastIndexOf('/')", code);
        Assert.Contains("request.uri = '/index.html'", code);
        Assert.Null(Template.Properties("Distribution")["DistributionConfig"]!["CustomErrorResponses"]);
    }

    [Fact]
    public void The_security_headers_allow_blazor_webassembly_and_nothing_from_elsewhere()
    {
        var headers = Template.Properties("SecurityHeadersPolicy")["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!;
        var csp = (string)headers["ContentSecurityPolicy"]!["ContentSecurityPolicy"]!["Fn::Sub"]!;

        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval' ${InlineScriptHashes}", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", (string)headers["FrameOptions"]!["FrameOption"]!);
        Assert.True((long)headers["StrictTransportSecurity"]!["AccessControlMaxAgeSec"]! >= 31536000);
        Assert.True((bool)headers["ContentTypeOptions"]!["Override"]!);
        Assert.NotNull(headers["ReferrerPolicy"]);
    }

    [Fact]
    public void DynamoDB_capacity_is_within_the_always_free_tier_by_default_and_omitted_on_demand()
    {
        Assert.Equal("PROVISIONED", Template.ParameterDefault("BillingMode"));
        var (reads, writes) = (0L, 0L);
        foreach (var (logicalId, table) in Template.OfType("AWS::DynamoDB::Table"))
        {
            Assert.Equal("BillingMode", (string)table["BillingMode"]!["Ref"]!);
            var withIndexes = new[] { table }.Concat(table["GlobalSecondaryIndexes"]?.AsArray().Select(i => i!.AsObject()) ?? []);
            foreach (var owner in withIndexes)
            {
                var branches = owner["ProvisionedThroughput"]!["Fn::If"]!.AsArray();
                Assert.Equal("UseProvisionedCapacity", (string)branches[0]!);
                Assert.Equal("AWS::NoValue", (string)branches[2]!["Ref"]!);
                reads += (long)branches[1]!["ReadCapacityUnits"]!;
                writes += (long)branches[1]!["WriteCapacityUnits"]!;
            }
            Assert.Null(table["LocalSecondaryIndexes"]);
            _ = logicalId;
        }
        Assert.InRange(reads, 4, 25);
        Assert.InRange(writes, 4, 25);
    }

    [Fact]
    public void Functions_are_arm64_with_modest_memory_and_a_log_group_with_retention()
    {
        Assert.Equal("7", Template.ParameterDefault("LogRetentionDays"));
        foreach (var (logicalId, function) in Template.OfType("AWS::Lambda::Function"))
        {
            Assert.Equal("arm64", (string)function["Architectures"]![0]!);
            Assert.InRange((long)function["MemorySize"]!, 128, 512);
            var logGroup = (string)function["LoggingConfig"]!["LogGroup"]!["Ref"]!;
            var group = Template.Properties(logGroup);
            Assert.Equal("LogRetentionDays", (string)group["RetentionInDays"]!["Ref"]!);
            Assert.Equal("/aws/lambda/" + (string)function["FunctionName"]!["Fn::Sub"]!, (string)group["LogGroupName"]!["Fn::Sub"]!);
            Assert.Equal(logGroup, (string)Template.Resources[logicalId]!["DependsOn"]!);
        }
    }

    [Fact]
    public void Roles_grant_no_wildcard_actions_or_resources_and_write_only_their_own_logs()
    {
        foreach (var (function, properties) in Template.OfType("AWS::Lambda::Function"))
        {
            var roleId = (string)properties["Role"]!["Fn::GetAtt"]![0]!;
            var role = Template.Properties(roleId);
            Assert.Null(role["ManagedPolicyArns"]);
            var statements = role["Policies"]!.AsArray().SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!).ToList();
            Assert.All(statements, s =>
            {
                Assert.Equal("Allow", (string)s["Effect"]!);
                Assert.All(AsList(s["Action"]), a => Assert.Matches(@"^[a-z0-9]+:[A-Za-z]+$", (string)a!));
                Assert.All(AsList(s["Resource"]), r => Assert.NotEqual("*", r is JsonValue ? (string)r! : null));
            });
            var logs = statements.Single(s => AsList(s["Action"]).Any(a => ((string)a!).StartsWith("logs:", StringComparison.Ordinal)));
            Assert.Equal((string)properties["LoggingConfig"]!["LogGroup"]!["Ref"]!, (string)AsList(logs["Resource"]).Single()!["Fn::GetAtt"]![0]!);
        }
    }

    [Fact]
    public void The_dead_letter_queue_alarms_and_the_budget_alert_reach_the_alert_topic()
    {
        var alarm = Template.Properties("DeadLetterQueueAlarm");
        Assert.Equal("ApproximateNumberOfMessagesVisible", (string)alarm["MetricName"]!);
        Assert.Equal("OrderProcessingDeadLetterQueue", (string)alarm["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!);
        Assert.Equal(0, (long)alarm["Threshold"]!);
        Assert.Equal("GreaterThanThreshold", (string)alarm["ComparisonOperator"]!);
        Assert.Equal("AlertTopic", (string)alarm["AlarmActions"]![0]!["Ref"]!);

        Assert.Equal("HasAlertEmail", (string)Template.Resources["AlertEmailSubscription"]!["Condition"]!);
        var budget = Template.Properties("MonthlyBudget");
        Assert.Equal("MonthlyBudgetUsd", (string)budget["Budget"]!["BudgetLimit"]!["Amount"]!["Ref"]!);
        Assert.All(budget["NotificationsWithSubscribers"]!.AsArray(), n => Assert.Equal("AlertTopic", (string)n!["Subscribers"]![0]!["Address"]!["Ref"]!));
    }

    [Fact]
    public void The_outputs_the_deploy_command_reads_are_declared()
    {
        var outputs = Template.Root["Outputs"]!.AsObject();
        Assert.All(Shop.Deploy.ShopStack.OutputsRead, name => Assert.True(outputs.ContainsKey(name), name));
        Assert.Equal("https://${Distribution.DomainName}", (string)outputs["SiteUrl"]!["Value"]!["Fn::Sub"]!);
    }

    private const string CachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private const string AllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private static IEnumerable<JsonNode?> AsList(JsonNode? node) => node is JsonArray array ? array : [node];

    /// <summary>Why a reference (Ref name, "LogicalId.Attribute" or a Sub variable) does not resolve, or null when it does.</summary>
    private static string? Problem(string reference)
    {
        if (PseudoParameters.Contains(reference) || Template.Parameters.ContainsKey(reference))
        {
            return null;
        }
        var (logicalId, attribute) = reference.Split('.', 2) is [var id, var attr] ? (id, attr) : (reference, null);
        if (Template.Resources[logicalId] is not JsonObject resource)
        {
            return $"'{logicalId}' is no parameter, resource or pseudo parameter";
        }
        if (attribute is null)
        {
            return null;
        }
        var type = (string)resource["Type"]!;
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(TemplateSchemaTests.SchemaDirectory, string.Join('-', type.ToLowerInvariant().Split("::")) + ".json")))!;
        var readable = (schema["readOnlyProperties"]?.AsArray().Select(p => ((string)p!).Replace("/properties/", "", StringComparison.Ordinal)) ?? [])
            .Concat(schema["properties"]!.AsObject().Select(p => p.Key));
        return readable.Contains(attribute) ? null : $"{type} has no attribute {attribute}";
    }

    private static IEnumerable<(string Path, string Reference)> References(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && obj["Ref"] is JsonValue reference:
                yield return (path, (string)reference!);
                break;
            case JsonObject obj when obj.Count == 1 && obj["Fn::GetAtt"] is JsonArray getAtt:
                yield return (path, $"{(string)getAtt[0]!}.{(string)getAtt[1]!}");
                break;
            case JsonObject obj when obj.Count == 1 && obj["Fn::Sub"] is JsonValue sub:
                foreach (Match variable in SubVariable().Matches((string)sub!))
                {
                    yield return (path, variable.Groups[1].Value);
                }
                break;
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var found in References(child, $"{path}.{key}"))
                    {
                        yield return found;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in References(array[i], $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }
                break;
        }
    }

    // ${Name} or ${Name.Attribute}; ${!Literal} is an escape, not a variable.
    [GeneratedRegex(@"\$\{(?!!)([^}]+)\}")]
    private static partial Regex SubVariable();
}
