using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Shop.LocalAws.Provisioning;

/// <summary>
/// Reads a CloudFormation template written in YAML (or JSON, which is YAML) into a JSON tree, turning the
/// short-form intrinsic tags (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>, ...) into their long form (<c>{"Fn::Sub": ...}</c>).
/// See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
/// </summary>
public static class CloudFormationYaml
{
    public static JsonObject Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || Convert(stream.Documents[0].RootNode) is not JsonObject root)
        {
            throw new InvalidDataException("A CloudFormation template must be a mapping at its top level.");
        }
        return root;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        var value = node switch
        {
            YamlMappingNode mapping => ConvertMapping(mapping),
            YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new InvalidDataException($"Unsupported YAML node at {node.Start}."),
        };
        return node.Tag.IsEmpty || node.Tag.Value is "tag:yaml.org,2002:str" ? value : ApplyTag(node, value);
    }

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, child) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new InvalidDataException($"Mapping keys must be scalars at {key.Start}.");
            result[name] = Convert(child);
        }
        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(text);
        }
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) && !HasLeadingZero(text) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Contains('.', StringComparison.Ordinal) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }

    // "0123" is a string in CloudFormation (account ids, zip codes), not the number 123.
    private static bool HasLeadingZero(string text) => text.Length > 1 && text.TrimStart('-', '+')[0] == '0';

    private static JsonNode ApplyTag(YamlNode node, JsonNode? value)
    {
        var tag = node.Tag.Value;
        if (!tag.StartsWith('!'))
        {
            return value ?? JsonValue.Create(string.Empty);
        }
        var name = tag[1..];
        return name switch
        {
            "Ref" => new JsonObject { ["Ref"] = value },
            "Condition" => new JsonObject { ["Condition"] = value },
            // !GetAtt Resource.Attribute is the scalar form of ["Resource", "Attribute"].
            "GetAtt" when value is JsonValue scalar && scalar.GetValue<object>() is string dotted => new JsonObject
            {
                ["Fn::GetAtt"] = SplitGetAtt(dotted, node),
            },
            "Ref" or "GetAtt" or "Sub" or "Join" or "Select" or "Split" or "If" or "Equals" or "Not" or "And" or "Or"
                or "FindInMap" or "Base64" or "GetAZs" or "ImportValue" or "Cidr" or "Length" or "ToJsonString" => new JsonObject { ["Fn::" + name] = value },
            _ => throw new InvalidDataException($"Unknown CloudFormation tag '{tag}' at {node.Start}."),
        };
    }

    private static JsonArray SplitGetAtt(string dotted, YamlNode node)
    {
        var dot = dotted.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            ? new JsonArray(dotted[..dot], dotted[(dot + 1)..])
            : throw new InvalidDataException($"!GetAtt needs Resource.Attribute, got '{dotted}' at {node.Start}.");
    }
}
