using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all its expressions, which
/// mark the placeholders they use so that unused ones can be reported as AWS does.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html"/>.
/// </summary>
public sealed class ExpressionAttributes
{
    private static readonly Dictionary<string, string> NoNames = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, AttributeValue> NoValues = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly IReadOnlyDictionary<string, AttributeValue> _values;
    // Created at the first placeholder resolved: most reads have none.
    private HashSet<string>? _usedNames;
    private HashSet<string>? _usedValues;

    public ExpressionAttributes(IReadOnlyDictionary<string, string>? names, IReadOnlyDictionary<string, AttributeValue>? values)
    {
        _names = names ?? NoNames;
        _values = values ?? NoValues;
    }

    public IReadOnlyDictionary<string, string> Names => _names;

    public IReadOnlyDictionary<string, AttributeValue> Values => _values;

    /// <summary>
    /// Reads and validates the two request members as AWS does (empty maps, malformed keys, invalid values), with
    /// AWS's messages. Either may be absent (<c>null</c> or <see cref="JsonValueKind.Undefined"/>).
    /// </summary>
    public static ExpressionAttributes ReadJson(JsonElement? names, JsonElement? values) => ReadJson(names, values, ValueValidation.Legacy);

    /// <summary>As <see cref="ReadJson(JsonElement?, JsonElement?)"/>, in the wording of the given validation layer.</summary>
    public static ExpressionAttributes ReadJson(JsonElement? names, JsonElement? values, ValueValidation wording)
    {
        Dictionary<string, string>? nameMap = null;
        Dictionary<string, AttributeValue>? valueMap = null;
        if (names is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } namesElement)
        {
            if (namesElement.ValueKind != JsonValueKind.Object)
            {
                throw DynamoDbException.Serialization(namesElement.ValueKind == JsonValueKind.Array
                    ? "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"
                    : "Unexpected field type");
            }
            nameMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in namesElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;   // a null member is absent, as AWS's deserializer reads it; its use is then undefined
                }
                nameMap[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => throw DynamoDbException.Serialization("NUMBER_VALUE cannot be converted to String"),
                    JsonValueKind.True => throw DynamoDbException.Serialization("TRUE_VALUE cannot be converted to String"),
                    JsonValueKind.False => throw DynamoDbException.Serialization("FALSE_VALUE cannot be converted to String"),
                    JsonValueKind.Array => throw DynamoDbException.Serialization("Unrecognized collection type class java.lang.String"),
                    _ => throw DynamoDbException.Serialization("Start of structure or map found where not expected"),
                };
            }
        }
        string? problem = null;
        if (values is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } valuesElement)
        {
            if (valuesElement.ValueKind != JsonValueKind.Object)
            {
                throw DynamoDbException.Serialization(valuesElement.ValueKind == JsonValueKind.Array
                    ? "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
                    : "Unexpected field type");
            }
            valueMap = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var property in valuesElement.EnumerateObject())
            {
                string? valueProblem = null;
                valueMap[property.Name] = AttributeValueJson.Read(property.Value, ref valueProblem, wording);
                if (valueProblem is not null)
                {
                    problem ??= wording == ValueValidation.Legacy
                        ? "ExpressionAttributeValues contains invalid value: " + valueProblem + " for key " + property.Name
                        : valueProblem;
                }
            }
        }
        if (nameMap is not null)
        {
            CheckKeys("ExpressionAttributeNames", nameMap.Keys, '#');
        }
        if (valueMap is not null)
        {
            CheckKeys("ExpressionAttributeValues", valueMap.Keys, ':');
            if (problem is not null)
            {
                throw DynamoDbException.Validation(problem);
            }
        }
        return new ExpressionAttributes(nameMap, valueMap);
    }

    /// <summary>Throws AWS's error when a name or value placeholder was given but no expression used it.</summary>
    public void ThrowIfUnused()
    {
        if ((_usedNames?.Count ?? 0) < _names.Count)
        {
            throw DynamoDbException.Validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + Unused(_names.Keys, _usedNames) + "}");
        }
        if ((_usedValues?.Count ?? 0) < _values.Count)
        {
            throw DynamoDbException.Validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + Unused(_values.Keys, _usedValues) + "}");
        }
    }

    internal bool TryResolveName(string placeholder, out string name)
    {
        if (_names.TryGetValue(placeholder, out name!))
        {
            (_usedNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(placeholder);
            return true;
        }
        return false;
    }

    internal bool TryResolveValue(string placeholder, out AttributeValue value)
    {
        if (_values.TryGetValue(placeholder, out value!))
        {
            (_usedValues ??= new HashSet<string>(StringComparer.Ordinal)).Add(placeholder);
            return true;
        }
        return false;
    }

    private static string Unused(IEnumerable<string> keys, HashSet<string>? used)
    {
        var unused = new List<string>();
        foreach (var key in keys)
        {
            if (used is null || !used.Contains(key))
            {
                unused.Add(key);
            }
        }
        return string.Join(", ", unused);
    }

    private static void CheckKeys(string member, IReadOnlyCollection<string> keys, char prefix)
    {
        if (keys.Count == 0)
        {
            throw DynamoDbException.Validation(member + " must not be empty");
        }
        foreach (var key in keys)
        {
            if (!IsPlaceholder(key, prefix))
            {
                throw DynamoDbException.Validation(member + " contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
    }

    private static bool IsPlaceholder(string key, char prefix)
    {
        if (key.Length < 2 || key[0] != prefix)
        {
            return false;
        }
        for (var i = 1; i < key.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(key[i]) && key[i] != '_')
            {
                return false;
            }
        }
        return true;
    }
}
