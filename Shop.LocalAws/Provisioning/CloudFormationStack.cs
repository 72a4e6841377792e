using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Shop.LocalAws.Provisioning;

/// <summary>One resource of a template, with its properties as written (intrinsics unresolved).</summary>
public sealed record StackResource(string LogicalId, string Type, JsonObject Properties, string? Condition);

/// <summary>Where a stack is deployed: the pseudo parameters and how local endpoints look.</summary>
public sealed record StackSettings
{
    public string StackName { get; init; } = "shop";
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>LocalAws's own address (e.g. http://localhost:4566), used for API endpoints and queue URLs.</summary>
    public string LocalEndpoint { get; init; } = "http://localhost:4566";
}

/// <summary>
/// A CloudFormation template bound to parameter values: resources in dependency order, conditions evaluated,
/// and intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals,
/// Fn::FindInMap, Fn::Base64, Fn::GetAZs) resolved to the physical names and ARNs CloudFormation would give.
/// Resources that a provisioner creates may report their real attributes (a queue URL) with <see cref="SetRef"/>.
/// See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
/// </summary>
public sealed partial class CloudFormationStack
{
    /// <summary>CloudFormation's marker for "remove this property" (<c>!Ref AWS::NoValue</c>).</summary>
    private static readonly JsonObject NoValue = new() { ["__NoValue"] = true };

    private readonly JsonObject _mappings;
    private readonly JsonObject _outputs;
    private readonly JsonObject _conditionDefinitions;
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), JsonNode> _attributes = [];
    private readonly Dictionary<string, StackResource> _byId = new(StringComparer.Ordinal);

    public StackSettings Settings { get; }

    /// <summary>Resources whose condition holds, each after the resources it refers to.</summary>
    public IReadOnlyList<StackResource> Resources { get; }

    private CloudFormationStack(JsonObject template, IReadOnlyDictionary<string, string> parameterValues, StackSettings settings)
    {
        Settings = settings;
        _mappings = template["Mappings"] as JsonObject ?? [];
        _outputs = template["Outputs"] as JsonObject ?? [];
        _conditionDefinitions = template["Conditions"] as JsonObject ?? [];
        BindParameters(template["Parameters"] as JsonObject ?? [], parameterValues);

        var resources = template["Resources"] as JsonObject ?? throw new InvalidDataException("The template has no Resources section.");
        foreach (var (logicalId, node) in resources)
        {
            var definition = node as JsonObject ?? throw new InvalidDataException($"Resource {logicalId} is not a mapping.");
            var type = definition["Type"]?.GetValue<string>() ?? throw new InvalidDataException($"Resource {logicalId} has no Type.");
            var condition = definition["Condition"]?.GetValue<string>();
            if (condition is not null && !EvaluateCondition(condition))
            {
                continue;
            }
            _byId[logicalId] = new StackResource(logicalId, type, definition["Properties"] as JsonObject ?? [], condition);
        }
        Resources = OrderByDependencies(resources);
    }

    public static CloudFormationStack Load(string path, IReadOnlyDictionary<string, string>? parameterValues = null, StackSettings? settings = null) =>
        Parse(File.ReadAllText(path), parameterValues, settings);

    public static CloudFormationStack Parse(string templateText, IReadOnlyDictionary<string, string>? parameterValues = null, StackSettings? settings = null) =>
        new(CloudFormationYaml.Parse(templateText), parameterValues ?? new Dictionary<string, string>(), settings ?? new StackSettings());

    /// <summary>Parses <c>Key=Value,Key2=Value2</c> (the AWS CLI's <c>--parameter-overrides</c> shape, comma or semicolon separated).</summary>
    public static Dictionary<string, string> ParseParameterOverrides(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Parameter override '{pair}' is not Key=Value.");
            }
            result[pair[..eq]] = pair[(eq + 1)..];
        }
        return result;
    }

    public StackResource? Find(string logicalId) => _byId.GetValueOrDefault(logicalId);

    /// <summary>The resolved value of one of the template's Outputs, or null when it declares none by that name.</summary>
    public string? Output(string name) => _outputs[name] is JsonObject output ? Text(Resolve(output["Value"])) : null;

    /// <summary>Overrides what <c>Ref</c> returns for a resource (e.g. the queue URL CreateQueue answered).</summary>
    public void SetRef(string logicalId, string value) => _refs[logicalId] = value;

    /// <summary>Overrides what <c>Fn::GetAtt</c> returns for one attribute of a resource.</summary>
    public void SetAttribute(string logicalId, string attribute, string value) => _attributes[(logicalId, attribute)] = JsonValue.Create(value);

    /// <summary>A resource's properties with every intrinsic function resolved and <c>AWS::NoValue</c> removed.</summary>
    public JsonObject ResolveProperties(StackResource resource) => (JsonObject)(Resolve(resource.Properties) ?? new JsonObject());

    /// <summary>Resolves the intrinsic functions in a value.</summary>
    public JsonNode? Resolve(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count == 1 && IsIntrinsic(obj.First().Key):
                var (name, argument) = (obj.First().Key, obj.First().Value);
                return ResolveIntrinsic(name, argument);
            case JsonObject obj:
                var resolvedObject = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var resolved = Resolve(child);
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        resolvedObject[key] = resolved;
                    }
                }
                return resolvedObject;
            case JsonArray array:
                return new JsonArray([.. array.Select(Resolve).Where(item => !ReferenceEquals(item, NoValue))]);
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>A string property after resolution (numbers and booleans as their text), or null when absent.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    /// <summary>The value <c>Ref</c> gives for a resource: its physical id (name, URL or generated id).</summary>
    public string RefOf(string logicalId)
    {
        if (_refs.TryGetValue(logicalId, out var known))
        {
            return known;
        }
        var resource = _byId.GetValueOrDefault(logicalId) ?? throw new InvalidDataException($"Ref to unknown resource or parameter '{logicalId}'.");
        var name = PhysicalName(resource);
        return resource.Type switch
        {
            "AWS::SQS::Queue" => $"{Settings.LocalEndpoint}/{Settings.AccountId}/{name}",
            _ => name,
        };
    }

    /// <summary>
    /// The physical name: the template's own name property, or the one CloudFormation generates
    /// (<c>{stack}-{logicalId}-{suffix}</c>), made deterministic here so restarts find the same resources.
    /// </summary>
    public string PhysicalName(StackResource resource)
    {
        var property = resource.Type switch
        {
            "AWS::DynamoDB::Table" => "TableName",
            "AWS::SQS::Queue" => "QueueName",
            "AWS::S3::Bucket" => "BucketName",
            "AWS::Lambda::Function" => "FunctionName",
            "AWS::SES::EmailIdentity" => "EmailIdentity",
            "AWS::IAM::Role" => "RoleName",
            "AWS::ApiGatewayV2::Stage" => "StageName",
            "AWS::Logs::LogGroup" => "LogGroupName",
            _ => null,
        };
        if (property is not null && Text(Resolve(resource.Properties[property])) is { Length: > 0 } given)
        {
            return given;
        }
        if (resource.Type is "AWS::ApiGatewayV2::Api" or "AWS::ApiGatewayV2::Integration" or "AWS::ApiGatewayV2::Route")
        {
            return ShortId(resource.LogicalId, 10);
        }
        if (resource.Type is "AWS::Lambda::EventSourceMapping")
        {
            return DeterministicGuid(resource.LogicalId);
        }
        var generated = $"{Settings.StackName}-{resource.LogicalId}-{ShortId(resource.LogicalId, 12).ToUpperInvariant()}";
        return resource.Type switch
        {
            "AWS::S3::Bucket" => generated.ToLowerInvariant()[..Math.Min(generated.Length, 63)],
            "AWS::SQS::Queue" when Resolve(resource.Properties["FifoQueue"]) is JsonValue fifo && fifo.TryGetValue<bool>(out var isFifo) && isFifo => generated[..Math.Min(generated.Length, 75)] + ".fifo",
            "AWS::SQS::Queue" => generated[..Math.Min(generated.Length, 80)],
            "AWS::Lambda::Function" => generated[..Math.Min(generated.Length, 64)],
            _ => generated,
        };
    }

    /// <summary>The ARN of a resource of a type whose ARN LocalAws knows.</summary>
    public string ArnOf(StackResource resource)
    {
        var (region, account, name) = (Settings.Region, Settings.AccountId, PhysicalName(resource));
        return resource.Type switch
        {
            "AWS::DynamoDB::Table" => $"arn:aws:dynamodb:{region}:{account}:table/{name}",
            "AWS::SQS::Queue" => $"arn:aws:sqs:{region}:{account}:{name}",
            "AWS::S3::Bucket" => $"arn:aws:s3:::{name}",
            "AWS::Lambda::Function" => $"arn:aws:lambda:{region}:{account}:function:{name}",
            "AWS::IAM::Role" => $"arn:aws:iam::{account}:role/{name}",
            "AWS::SES::EmailIdentity" => $"arn:aws:ses:{region}:{account}:identity/{name}",
            "AWS::Logs::LogGroup" => $"arn:aws:logs:{region}:{account}:log-group:{name}:*",
            "AWS::Lambda::EventSourceMapping" => $"arn:aws:lambda:{region}:{account}:event-source-mapping:{name}",
            _ => $"arn:aws:cloudformation:{region}:{account}:stack/{Settings.StackName}/{resource.LogicalId}",
        };
    }

    private JsonNode? GetAttribute(string logicalId, string attribute)
    {
        if (_attributes.TryGetValue((logicalId, attribute), out var known))
        {
            return known.DeepClone();
        }
        var resource = _byId.GetValueOrDefault(logicalId) ?? throw new InvalidDataException($"Fn::GetAtt of unknown resource '{logicalId}'.");
        var name = PhysicalName(resource);
        var endpoint = new Uri(Settings.LocalEndpoint);
        string? value = (resource.Type, attribute) switch
        {
            (_, "Arn") => ArnOf(resource),
            ("AWS::SQS::Queue", "QueueName") => name,
            ("AWS::SQS::Queue", "QueueUrl") => RefOf(logicalId),
            ("AWS::S3::Bucket", "DomainName") => $"{name}.s3.amazonaws.com",
            ("AWS::S3::Bucket", "RegionalDomainName") => $"{name}.s3.{Settings.Region}.amazonaws.com",
            ("AWS::S3::Bucket", "WebsiteURL") => $"http://{name}.s3-website-{Settings.Region}.amazonaws.com",
            ("AWS::ApiGatewayV2::Api", "ApiId") => name,
            ("AWS::ApiGatewayV2::Api", "ApiEndpoint") => $"{endpoint.Scheme}://{endpoint.Authority}/_aws/execute-api/{name}",
            ("AWS::IAM::Role", "RoleId") => "AROA" + ShortId(logicalId, 17).ToUpperInvariant(),
            ("AWS::Lambda::EventSourceMapping", "Id") => name,
            _ => null,
        };
        return value is null
            ? throw new InvalidDataException($"Fn::GetAtt {logicalId}.{attribute}: attribute not known for {resource.Type}.")
            : JsonValue.Create(value);
    }

    private static bool IsIntrinsic(string key) => key is "Ref" or "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? ResolveIntrinsic(string name, JsonNode? argument)
    {
        switch (name)
        {
            case "Ref":
                return ResolveRef(Text(argument) ?? throw new InvalidDataException("Ref needs a name."));
            case "Condition":
                return JsonValue.Create(EvaluateCondition(Text(argument)!));
            case "Fn::GetAtt":
                var parts = argument switch
                {
                    JsonArray array => array.Select(item => Text(Resolve(item))!).ToArray(),
                    _ => Text(argument)!.Split('.', 2),
                };
                return GetAttribute(parts[0], parts[1]);
            case "Fn::Sub":
                return JsonValue.Create(Substitute(argument));
            case "Fn::Join":
                var join = Arguments(argument, name, 2);
                var separator = Text(Resolve(join[0])) ?? string.Empty;
                var items = Resolve(join[1]) as JsonArray ?? throw new InvalidDataException("Fn::Join needs a list.");
                return JsonValue.Create(string.Join(separator, items.Select(Text)));
            case "Fn::Select":
                var select = Arguments(argument, name, 2);
                var index = int.Parse(Text(Resolve(select[0]))!, CultureInfo.InvariantCulture);
                var list = Resolve(select[1]) as JsonArray ?? throw new InvalidDataException("Fn::Select needs a list.");
                return index >= 0 && index < list.Count ? list[index]?.DeepClone() : throw new InvalidDataException($"Fn::Select index {index} is out of range.");
            case "Fn::Split":
                var split = Arguments(argument, name, 2);
                var by = Text(Resolve(split[0]))!;
                return new JsonArray([.. (Text(Resolve(split[1])) ?? string.Empty).Split(by).Select(s => (JsonNode?)JsonValue.Create(s))]);
            case "Fn::If":
                var choice = Arguments(argument, name, 3);
                return Resolve(EvaluateCondition(Text(choice[0])!) ? choice[1] : choice[2]);
            case "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or":
                return JsonValue.Create(EvaluateConditionExpression(new JsonObject { [name] = argument?.DeepClone() }));
            case "Fn::FindInMap":
                var find = Arguments(argument, name, 3);
                var keys = find.Select(item => Text(Resolve(item))!).ToArray();
                return (_mappings[keys[0]]?[keys[1]]?[keys[2]] ?? throw new InvalidDataException($"Fn::FindInMap: no {string.Join('/', keys)}.")).DeepClone();
            case "Fn::Base64":
                return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(Resolve(argument)) ?? string.Empty)));
            case "Fn::GetAZs":
                return new JsonArray([.. "abc".Select(zone => (JsonNode?)JsonValue.Create($"{Settings.Region}{zone}"))]);
            case "Fn::ToJsonString":
                return JsonValue.Create(Resolve(argument)?.ToJsonString() ?? "null");
            default:
                throw new InvalidDataException($"{name} is not supported by LocalAws's template reader.");
        }
    }

    private static JsonArray Arguments(JsonNode? argument, string name, int count) =>
        argument is JsonArray array && array.Count == count ? array : throw new InvalidDataException($"{name} needs a list of {count} arguments.");

    private JsonNode? ResolveRef(string name)
    {
        switch (name)
        {
            case "AWS::Region": return JsonValue.Create(Settings.Region);
            case "AWS::AccountId": return JsonValue.Create(Settings.AccountId);
            case "AWS::StackName": return JsonValue.Create(Settings.StackName);
            case "AWS::StackId": return JsonValue.Create($"arn:aws:cloudformation:{Settings.Region}:{Settings.AccountId}:stack/{Settings.StackName}/{DeterministicGuid(Settings.StackName)}");
            case "AWS::Partition": return JsonValue.Create("aws");
            case "AWS::URLSuffix": return JsonValue.Create("amazonaws.com");
            case "AWS::NotificationARNs": return new JsonArray();
            case "AWS::NoValue": return NoValue;
        }
        if (_parameters.TryGetValue(name, out var parameter))
        {
            return parameter?.DeepClone();
        }
        return JsonValue.Create(RefOf(name));
    }

    private string Substitute(JsonNode? argument)
    {
        string template;
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (argument is JsonArray array)
        {
            template = Text(array[0]) ?? string.Empty;
            if (array.Count > 1 && array[1] is JsonObject map)
            {
                foreach (var (key, value) in map)
                {
                    variables[key] = Resolve(value);
                }
            }
        }
        else
        {
            template = Text(argument) ?? string.Empty;
        }
        return SubstitutionPattern().Replace(template, match =>
        {
            var expression = match.Groups[1].Value;
            if (expression.StartsWith('!'))
            {
                return "${" + expression[1..] + "}"; // ${!Literal} writes ${Literal}
            }
            if (variables.TryGetValue(expression, out var variable))
            {
                return Text(variable) ?? string.Empty;
            }
            var dot = expression.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && !expression.StartsWith("AWS::", StringComparison.Ordinal)
                ? Text(GetAttribute(expression[..dot], expression[(dot + 1)..])) ?? string.Empty
                : Text(ResolveRef(expression)) ?? string.Empty;
        });
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubstitutionPattern();

    private void BindParameters(JsonObject declared, IReadOnlyDictionary<string, string> values)
    {
        foreach (var key in values.Keys.Where(key => !declared.ContainsKey(key)))
        {
            throw new InvalidDataException($"Parameter override '{key}' is not declared in the template.");
        }
        foreach (var (name, node) in declared)
        {
            var definition = node as JsonObject ?? [];
            var text = values.TryGetValue(name, out var given) ? given : Text(definition["Default"]);
            if (text is null)
            {
                throw new InvalidDataException($"Parameter '{name}' has no default and no value was given.");
            }
            if (definition["AllowedValues"] is JsonArray allowed && !allowed.Any(a => Text(a) == text))
            {
                throw new InvalidDataException($"Parameter '{name}' must be one of {string.Join(", ", allowed.Select(Text))}, not '{text}'.");
            }
            CheckConstraints(name, definition, text);
            var type = Text(definition["Type"]) ?? "String";
            _parameters[name] = type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                ? new JsonArray([.. text.Split(',').Select(item => (JsonNode?)JsonValue.Create(item.Trim()))])
                : JsonValue.Create(text);
        }
    }

    /// <summary>AllowedPattern (the whole value), MinLength/MaxLength and MinValue/MaxValue, as CloudFormation checks them.</summary>
    private static void CheckConstraints(string name, JsonObject definition, string text)
    {
        var description = Text(definition["ConstraintDescription"]);
        void Fail(string reason) => throw new InvalidDataException($"Parameter '{name}' {description ?? reason}.");
        if (Text(definition["AllowedPattern"]) is { } pattern && !Regex.IsMatch(text, $@"\A(?:{pattern})\z"))
        {
            Fail($"must match pattern {pattern}");
        }
        if (int.TryParse(Text(definition["MinLength"]), CultureInfo.InvariantCulture, out var minLength) && text.Length < minLength)
        {
            Fail($"must be at least {minLength} characters");
        }
        if (int.TryParse(Text(definition["MaxLength"]), CultureInfo.InvariantCulture, out var maxLength) && text.Length > maxLength)
        {
            Fail($"must be at most {maxLength} characters");
        }
        if (Text(definition["Type"]) == "Number")
        {
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                Fail("must be a number");
            }
            if (decimal.TryParse(Text(definition["MinValue"]), NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && number < min)
            {
                Fail($"must be at least {min}");
            }
            if (decimal.TryParse(Text(definition["MaxValue"]), NumberStyles.Float, CultureInfo.InvariantCulture, out var max) && number > max)
            {
                Fail($"must be at most {max}");
            }
        }
    }

    private bool EvaluateCondition(string name)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }
        var definition = _conditionDefinitions[name] ?? throw new InvalidDataException($"Condition '{name}' is not declared.");
        return _conditions[name] = EvaluateConditionExpression(definition);
    }

    private bool EvaluateConditionExpression(JsonNode? node)
    {
        if (node is not JsonObject obj || obj.Count != 1)
        {
            throw new InvalidDataException($"Not a condition: {node?.ToJsonString()}");
        }
        var (name, argument) = (obj.First().Key, obj.First().Value);
        return name switch
        {
            "Condition" => EvaluateCondition(Text(argument)!),
            "Fn::Equals" => Arguments(argument, name, 2) is var pair && Text(Resolve(pair[0])) == Text(Resolve(pair[1])),
            "Fn::Not" => !EvaluateConditionExpression(Arguments(argument, name, 1)[0]),
            "Fn::And" => (argument as JsonArray ?? []).All(EvaluateConditionExpression),
            "Fn::Or" => (argument as JsonArray ?? []).Any(EvaluateConditionExpression),
            _ => throw new InvalidDataException($"{name} is not a condition function."),
        };
    }

    private List<StackResource> OrderByDependencies(JsonObject resources)
    {
        var ordered = new List<StackResource>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        void Visit(string id, string? from)
        {
            if (!_byId.ContainsKey(id) || (state.TryGetValue(id, out var done) && done))
            {
                return;
            }
            if (state.ContainsKey(id))
            {
                throw new InvalidDataException($"Circular dependency between resources involving {id} and {from}.");
            }
            state[id] = false;
            var definition = resources[id]!.AsObject();
            var dependencies = new SortedSet<string>(StringComparer.Ordinal);
            CollectReferences(definition["Properties"], dependencies);
            switch (definition["DependsOn"])
            {
                case JsonArray many: dependencies.UnionWith(many.Select(d => Text(d)!)); break;
                case JsonValue one: dependencies.Add(Text(one)!); break;
            }
            foreach (var dependency in dependencies)
            {
                Visit(dependency, id);
            }
            state[id] = true;
            ordered.Add(_byId[id]);
        }
        foreach (var id in _byId.Keys)
        {
            Visit(id, null);
        }
        return ordered;
    }

    private static void CollectReferences(JsonNode? node, ISet<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    switch (key)
                    {
                        case "Ref" when Text(child) is { } name:
                            into.Add(name);
                            break;
                        case "Fn::GetAtt":
                            into.Add(child is JsonArray parts ? Text(parts[0])! : Text(child)!.Split('.')[0]);
                            break;
                        case "Fn::Sub":
                            var text = child is JsonArray array ? Text(array[0]) : Text(child);
                            foreach (Match match in SubstitutionPattern().Matches(text ?? string.Empty))
                            {
                                into.Add(match.Groups[1].Value.Split('.')[0]);
                            }
                            break;
                    }
                    CollectReferences(child, into);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectReferences(item, into);
                }
                break;
        }
    }

    private static string ShortId(string seed, int length)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[hash[i % hash.Length] % alphabet.Length];
        }
        // AWS ids start with a letter; so do ours.
        chars[0] = alphabet[hash[0] % 26];
        return new string(chars);
    }

    private static string DeterministicGuid(string seed) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes(seed))).ToString();

    /// <summary>The template as JSON, for diagnostics.</summary>
    public static string ToJson(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
