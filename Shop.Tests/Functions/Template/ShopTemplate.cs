using System.Text.Json.Nodes;
using Shop.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Shop.Tests.Functions.Template;

/// <summary>infra/shop.template.yaml as JSON nodes, with a small evaluator of the intrinsic functions it uses.</summary>
public sealed class ShopTemplate
{
    public static ShopTemplate Load() => new(File.ReadAllText(RepositoryPaths.Combine("infra", "shop.template.yaml")));

    public ShopTemplate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        Root = (JsonObject)ToJson(stream.Documents[0].RootNode)!;
    }

    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public JsonObject Parameters => Root["Parameters"]!.AsObject();

    public IEnumerable<(string LogicalId, JsonObject Properties)> OfType(string type) => Resources
        .Where(r => (string?)r.Value!["Type"] == type)
        .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? new JsonObject()));

    public JsonObject Properties(string logicalId) => Resources[logicalId]!["Properties"]!.AsObject();

    /// <summary>The function whose Handler names this class.</summary>
    public (string LogicalId, JsonObject Properties) FunctionFor(Type handler) => OfType("AWS::Lambda::Function")
        .Single(f => (string?)f.Properties["Handler"] == $"Shop.Functions::{handler.FullName}::Handle");

    /// <summary>The RouteKeys whose integration targets the function.</summary>
    public IReadOnlyList<string> RouteKeysOf(string functionLogicalId)
    {
        var integrations = OfType("AWS::ApiGatewayV2::Integration")
            .Where(i => i.Properties["IntegrationUri"]?["Fn::GetAtt"]?[0]?.GetValue<string>() == functionLogicalId)
            .Select(i => i.LogicalId).ToHashSet();
        return OfType("AWS::ApiGatewayV2::Route")
            .Where(r => integrations.Contains(((string)r.Properties["Target"]!["Fn::Sub"]!).Replace("integrations/${", "").TrimEnd('}')))
            .Select(r => (string)r.Properties["RouteKey"]!).ToList();
    }

    public string? ParameterDefault(string name) => Parameters[name]?["Default"]?.ToString();

    /// <summary>A condition of the Conditions section, evaluated with the parameters' defaults (Fn::Equals, Fn::Not, Fn::And, Fn::Or).</summary>
    public bool Condition(string name) => IsTrue(Root["Conditions"]![name]);

    private bool IsTrue(JsonNode? condition) => condition switch
    {
        JsonObject obj when obj["Fn::Equals"] is JsonArray pair => Evaluate(pair[0], ParameterDefault!) == Evaluate(pair[1], ParameterDefault!),
        JsonObject obj when obj["Fn::Not"] is JsonArray not => !IsTrue(not[0]),
        JsonObject obj when obj["Fn::And"] is JsonArray and => and.All(IsTrue),
        JsonObject obj when obj["Fn::Or"] is JsonArray or => or.Any(IsTrue),
        JsonObject obj when obj["Condition"] is JsonValue other => Condition((string)other!),
        _ => throw new NotSupportedException("Cannot evaluate condition " + condition?.ToJsonString()),
    };

    /// <summary>
    /// Evaluates Ref, Fn::Sub and Fn::GetAtt with the given parameter values and resource physical ids
    /// (<paramref name="resolve"/> answers "LogicalId" for Ref and "LogicalId.Attribute" for GetAtt).
    /// </summary>
    public static string Evaluate(JsonNode? node, Func<string, string> resolve)
    {
        switch (node)
        {
            case JsonValue value:
                return value.ToString();
            case JsonObject obj when obj["Ref"] is { } reference:
                return resolve((string)reference!);
            case JsonObject obj when obj["Fn::GetAtt"] is JsonArray getAtt:
                return resolve($"{(string)getAtt[0]!}.{(string)getAtt[1]!}");
            case JsonObject obj when obj["Fn::Sub"] is JsonValue sub:
                return System.Text.RegularExpressions.Regex.Replace((string)sub!, @"\$\{([^}]+)\}", m => resolve(m.Groups[1].Value));
            default:
                throw new NotSupportedException("Cannot evaluate " + node?.ToJsonString());
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar when scalar.Style is YamlDotNet.Core.ScalarStyle.Plain && long.TryParse(scalar.Value, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar when scalar.Style is YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "true" or "false" => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
