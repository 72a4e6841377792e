using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shop.Tests.Functions.Template;

namespace Shop.Tests.Infrastructure;

/// <summary>One AWS call a function made, as LocalAws's call log records it (service signing name, operation, resource name).</summary>
public sealed record ObservedCall(string Service, string Operation, string? Resource);

/// <summary>What a function's role allows: one action on one resource ARN pattern.</summary>
public sealed record Grant(string Action, string ResourcePattern);

/// <summary>The difference between a role and the evidence: calls it does not allow, and grants nothing used.</summary>
public sealed record PolicyComparison(IReadOnlyList<string> Missing, IReadOnlyList<string> Unused);

/// <summary>
/// Least privilege from evidence: compares what a function did (LocalAws's call log, by the function's own access key
/// id) with what its IAM role in the template allows. Template ARNs are evaluated for the local stack (stage, region,
/// account), calls are mapped to IAM actions and ARNs the way IAM authorizes them.
/// Limits of the evidence, taken into account below: LocalAws records DynamoDB calls by table (a Query on an index is
/// recorded as the table), S3 calls by bucket (not key) and SES SendEmail without its identity, so such a call counts
/// as using any grant on that table's indexes, that bucket's objects, or the account's identities.
/// </summary>
public sealed partial class TemplatePolicyEvidence(ShopTemplate template, string stage, string region, string accountId)
{
    /// <summary>
    /// Actions AWS itself performs with the function's role, which no function code calls: the SQS event source mapping
    /// polls and deletes with it, and the Lambda service writes the function's logs with it.
    /// </summary>
    public static readonly IReadOnlySet<string> UsedByAwsOnTheFunctionsBehalf = new HashSet<string>(StringComparer.Ordinal)
    {
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "logs:CreateLogStream", "logs:PutLogEvents",
    };

    /// <summary>The access key id the local runtime gives a function's process (Shop.LocalAws.LambdaRunner's WorkerSupervisor.AccessKeyIdFor).</summary>
    public static string AccessKeyIdFor(string functionName) =>
        "LOCAL" + new string([.. functionName.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit)]);

    public IEnumerable<string> FunctionLogicalIds => template.OfType("AWS::Lambda::Function").Select(f => f.LogicalId);

    public string FunctionName(string functionLogicalId) => PhysicalName(functionLogicalId);

    public IReadOnlyList<Grant> Grants(string functionLogicalId)
    {
        var roleId = (string)template.Properties(functionLogicalId)["Role"]!["Fn::GetAtt"]![0]!;
        var grants = new List<Grant>();
        foreach (var statement in template.Properties(roleId)["Policies"]!.AsArray().SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()))
        {
            foreach (var action in AsList(statement!["Action"]))
            {
                foreach (var resource in AsList(statement["Resource"]))
                {
                    grants.Add(new Grant((string)action!, ShopTemplate.Evaluate(resource, Resolve)));
                }
            }
        }
        return grants;
    }

    /// <summary>The IAM action that authorizes a call (SES v2 signs as "ses"; S3 HEAD needs s3:GetObject).</summary>
    public static string ActionOf(ObservedCall call) => (call.Service, call.Operation) switch
    {
        ("s3", "HeadObject") => "s3:GetObject",
        ("s3", "ListObjectsV2") => "s3:ListBucket",
        _ => $"{call.Service}:{call.Operation}",
    };

    /// <summary>The resource ARN IAM checks for the call; a trailing * stands for the part LocalAws does not record.</summary>
    public string ArnOf(ObservedCall call) => (call.Service, call.Resource) switch
    {
        ("dynamodb", { } table) => $"arn:aws:dynamodb:{region}:{accountId}:table/{table}",
        ("sqs", { } queue) => $"arn:aws:sqs:{region}:{accountId}:{queue}",
        ("s3", { } bucket) when call.Operation is "PutObject" or "GetObject" or "HeadObject" or "DeleteObject" => $"arn:aws:s3:::{(bucket.Contains('/') ? bucket : bucket + "/*")}",
        ("s3", { } bucket) => $"arn:aws:s3:::{bucket}",
        ("ses", { } identity) => $"arn:aws:ses:{region}:{accountId}:identity/{identity}",
        ("ses", null) => $"arn:aws:ses:{region}:{accountId}:identity/*",
        _ => throw new NotSupportedException($"No ARN mapping for {call}"),
    };

    public PolicyComparison Compare(string functionLogicalId, IEnumerable<ObservedCall> calls)
    {
        var grants = Grants(functionLogicalId);
        var used = calls.Select(c => (Action: ActionOf(c), Arn: ArnOf(c))).Distinct().ToList();
        var missing = used.Where(u => !grants.Any(g => g.Action == u.Action && Covers(g.ResourcePattern, u.Arn)))
            .Select(u => $"{u.Action} on {u.Arn}").ToList();
        var unused = grants.Where(g => !UsedByAwsOnTheFunctionsBehalf.Contains(g.Action) && !used.Any(u => u.Action == g.Action && Covers(g.ResourcePattern, u.Arn)))
            .Select(g => $"{g.Action} on {g.ResourcePattern}").ToList();
        return new PolicyComparison(missing, unused);
    }

    /// <summary>
    /// Whether a granted pattern allows the call's ARN. A call recorded without its sub-resource (an index, a key, an
    /// identity: ARN ending in *) is allowed by the grant on the whole, and uses any grant below it.
    /// </summary>
    public static bool Covers(string pattern, string arn)
    {
        if (Glob(pattern).IsMatch(arn))
        {
            return true;
        }
        var tableOf = TableIndex().Match(pattern);
        if (tableOf.Success && arn == tableOf.Groups["table"].Value)
        {
            return true; // recorded by table; the call may have been on this index
        }
        return arn.EndsWith('*') && pattern.StartsWith(arn[..^1], StringComparison.Ordinal);
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");

    [GeneratedRegex(@"^(?<table>arn:aws:dynamodb:[^:]+:[^:]+:table/[^/]+)/index/")]
    private static partial Regex TableIndex();

    private string Resolve(string name)
    {
        switch (name)
        {
            case "AWS::Region": return region;
            case "AWS::AccountId": return accountId;
            case "AWS::Partition": return "aws";
            case "Stage": return stage;
        }
        if (template.Parameters.ContainsKey(name))
        {
            return template.ParameterDefault(name)!;
        }
        var (logicalId, attribute) = name.Split('.') is [var id, var attr] ? (id, attr) : (name, null);
        var type = (string)template.Resources[logicalId]!["Type"]!;
        var physical = PhysicalName(logicalId);
        return (type, attribute) switch
        {
            ("AWS::DynamoDB::Table", "Arn") => $"arn:aws:dynamodb:{region}:{accountId}:table/{physical}",
            ("AWS::SQS::Queue", "Arn") => $"arn:aws:sqs:{region}:{accountId}:{physical}",
            ("AWS::S3::Bucket", "Arn") => $"arn:aws:s3:::{physical}",
            ("AWS::Logs::LogGroup", "Arn") => $"arn:aws:logs:{region}:{accountId}:log-group:{physical}:*",
            (_, null) => physical,
            _ => throw new NotSupportedException($"No ARN for {name} ({type})"),
        };
    }

    private string PhysicalName(string logicalId)
    {
        var properties = template.Properties(logicalId);
        var nameProperty = new[] { "TableName", "QueueName", "BucketName", "FunctionName", "LogGroupName", "EmailIdentity" }.First(properties.ContainsKey);
        return ShopTemplate.Evaluate(properties[nameProperty], Resolve);
    }

    private static IEnumerable<JsonNode?> AsList(JsonNode? node) => node is JsonArray array ? array : [node];
}
