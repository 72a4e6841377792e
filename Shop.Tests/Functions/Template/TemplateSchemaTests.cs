using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Functions.Template;

/// <summary>
/// Every resource of the template validates against its CloudFormation resource schema (the offline copies in
/// shared/data/cloudformation-schemas): required properties, types, enums, patterns, no unknown properties.
/// Intrinsic functions are first replaced by values of the shape CloudFormation would give them.
/// </summary>
public class TemplateSchemaTests
{
    private const string AccountId = "123456789012";
    private const string Region = "us-east-1";
    private static readonly ShopTemplate Template = ShopTemplate.Load();

    internal static string SchemaDirectory =>
        new[] { RepositoryPaths.Combine("..", "shared", "data", "cloudformation-schemas"), "/work/shared/data/cloudformation-schemas" }
            .First(Directory.Exists);

    public static TheoryData<string> ResourceIds => new(Template.Resources.Select(r => r.Key));

    [Theory]
    [MemberData(nameof(ResourceIds))]
    public void The_resource_validates_against_its_CloudFormation_schema(string logicalId)
    {
        var type = (string)Template.Resources[logicalId]!["Type"]!;
        var file = Path.Combine(SchemaDirectory, string.Join('-', type.ToLowerInvariant().Split("::")) + ".json");
        Assert.True(File.Exists(file), $"No schema for {type}");
        var schema = LoadSchema(file);
        var properties = Resolve(Template.Resources[logicalId]!["Properties"]?.DeepClone() ?? new JsonObject());

        var result = schema.Evaluate(JsonSerializer.SerializeToElement(properties), new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"{logicalId} ({type}):\n" + string.Join('\n', errors));
    }

    [Fact]
    public void A_property_the_schema_does_not_know_is_caught()
    {
        var schema = LoadSchema(Path.Combine(SchemaDirectory, "aws-sqs-queue.json"));

        Assert.False(schema.Evaluate(JsonSerializer.SerializeToElement(new { QueueName = "q", VisibilityTimeoutSeconds = 30 })).IsValid);
        Assert.True(schema.Evaluate(JsonSerializer.SerializeToElement(new { QueueName = "q", VisibilityTimeout = 30 })).IsValid);
    }

    /// <summary>
    /// A resource provider schema as plain draft-07 JSON Schema (what cfn-lint validates with): its CloudFormation-only
    /// keywords (createOnlyProperties, tagging, ...) are ignored, and its meta-schema reference dropped.
    /// </summary>
    private static JsonSchema LoadSchema(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        document.Remove("$schema");
        var options = new BuildOptions { Dialect = Dialect.Draft07.With([], allowUnknownKeywords: true) };
        return JsonSchema.FromText(document.ToJsonString(), options, new Uri("https://schemas.local/" + Guid.NewGuid() + "/" + Path.GetFileName(file)));
    }

    /// <summary>CloudFormation's "leave this property out" (<c>Ref: AWS::NoValue</c>), dropped from its parent.</summary>
    private static readonly JsonValue NoValue = JsonValue.Create("<AWS::NoValue>");

    /// <summary>
    /// Replaces Ref/Fn::GetAtt/Fn::Sub with what CloudFormation would substitute (parameters by their defaults) and
    /// Fn::If by the branch its condition picks with those defaults.
    /// </summary>
    private static JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && obj["Ref"] is { } noValue && (string)noValue! == "AWS::NoValue":
                return NoValue;
            case JsonObject obj when obj.Count == 1 && obj["Fn::If"] is JsonArray branches:
                return Resolve(branches[Template.Condition((string)branches[0]!) ? 1 : 2]?.DeepClone());
            case JsonObject obj when obj.Count == 1 && obj["Ref"] is { } reference && Template.Parameters[(string)reference!] is { } parameter:
                return (string)parameter["Type"]! == "Number" ? JsonValue.Create(long.Parse(parameter["Default"]!.ToString())) : JsonValue.Create(parameter["Default"]!.ToString());
            case JsonObject obj when obj.Count == 1 && (obj.ContainsKey("Ref") || obj.ContainsKey("Fn::GetAtt") || obj.ContainsKey("Fn::Sub")):
                return JsonValue.Create(ShopTemplate.Evaluate(obj, PhysicalValue));
            case JsonObject obj:
                return new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value?.DeepClone()))).Where(p => !ReferenceEquals(p.Value, NoValue)));
            case JsonArray array:
                return new JsonArray(array.Select(i => Resolve(i?.DeepClone())).Where(i => !ReferenceEquals(i, NoValue)).ToArray());
            default:
                return node;
        }
    }

    private static string PhysicalValue(string name)
    {
        switch (name)
        {
            case "AWS::Region": return Region;
            case "AWS::AccountId": return AccountId;
            case "AWS::Partition": return "aws";
        }
        if (Template.Parameters[name] is { } parameter)
        {
            return parameter["Default"]!.ToString();
        }
        var (logicalId, attribute) = name.Split('.') is [var id, var attr] ? (id, attr) : (name, null);
        var type = (string)Template.Resources[logicalId]!["Type"]!;
        var physical = logicalId.ToLowerInvariant();
        return (type, attribute) switch
        {
            ("AWS::IAM::Role", "Arn") => $"arn:aws:iam::{AccountId}:role/{physical}",
            ("AWS::SQS::Queue", "Arn") => $"arn:aws:sqs:{Region}:{AccountId}:{physical}",
            ("AWS::SQS::Queue", null) => $"https://sqs.{Region}.amazonaws.com/{AccountId}/{physical}",
            ("AWS::DynamoDB::Table", "Arn") => $"arn:aws:dynamodb:{Region}:{AccountId}:table/{physical}",
            ("AWS::S3::Bucket", "Arn") => $"arn:aws:s3:::{physical}",
            ("AWS::Lambda::Function", "Arn") => $"arn:aws:lambda:{Region}:{AccountId}:function:{physical}",
            ("AWS::ApiGatewayV2::Api", "ApiEndpoint") => $"https://a1b2c3d4e5.execute-api.{Region}.amazonaws.com",
            ("AWS::ApiGatewayV2::Api", null) => "a1b2c3d4e5",
            ("AWS::ApiGatewayV2::Integration", null) => "abc1234",
            ("AWS::S3::Bucket", "RegionalDomainName") => $"{physical}.s3.{Region}.amazonaws.com",
            ("AWS::SQS::Queue", "QueueName") => physical,
            ("AWS::Logs::LogGroup", "Arn") => $"arn:aws:logs:{Region}:{AccountId}:log-group:{physical}:*",
            ("AWS::SNS::Topic", null) => $"arn:aws:sns:{Region}:{AccountId}:{physical}",
            ("AWS::CloudFront::OriginAccessControl", "Id") => "E2QWRUHAPOMQZL",
            ("AWS::CloudFront::Function", "FunctionARN") => $"arn:aws:cloudfront::{AccountId}:function/{physical}",
            ("AWS::CloudFront::Distribution", "DomainName") => "d111111abcdef8.cloudfront.net",
            ("AWS::CloudFront::Distribution", null) => "E1A2B3C4D5E6F7",
            ("AWS::CloudFront::CachePolicy" or "AWS::CloudFront::ResponseHeadersPolicy", null) => "2f3e4d5c-6b7a-4988-a776-655443322110",
            (_, null) => physical,
            _ => throw new NotSupportedException($"No stand-in for {name} ({type})"),
        };
    }
}
