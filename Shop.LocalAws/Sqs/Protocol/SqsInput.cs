using System.Text.Json;

namespace Shop.LocalAws.Sqs.Protocol;

/// <summary>
/// Typed, validating access to one SQS request's members. A member of the wrong JSON type is a
/// <c>SerializationException</c> with the words AWS's Coral deserializer uses; a missing required member is
/// <c>MissingParameter</c>. The query protocol builds the same JSON shape from its form fields.
/// </summary>
public readonly struct SqsInput(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public bool Has(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null;

    public string? String(string name) => Root.TryGetProperty(name, out var value) ? ReadString(value) : null;

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw SqsException.MissingParameter($"The request must contain the parameter {name}.");

    public int? Int(string name) => Root.TryGetProperty(name, out var value) ? ReadInt(value) : null;

    public bool? Bool(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw NotExpected(value, "Boolean"),
        };
    }

    public List<string>? StringList(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is not JsonValueKind.Array)
        {
            throw NotExpected(value, "List");
        }
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            list.Add(ReadString(item) ?? throw SqsException.Serialization("Unexpected null in a list of strings."));
        }
        return list;
    }

    public Dictionary<string, string>? StringMap(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is not JsonValueKind.Object)
        {
            throw NotExpected(value, "Map");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = ReadString(property.Value) ?? string.Empty;
        }
        return map;
    }

    /// <summary>A list of structures (batch entries).</summary>
    public List<SqsInput>? StructureList(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is not JsonValueKind.Array)
        {
            throw NotExpected(value, "List");
        }
        var list = new List<SqsInput>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind is not JsonValueKind.Object)
            {
                throw NotExpected(item, "Structure");
            }
            list.Add(new SqsInput(item));
        }
        return list;
    }

    /// <summary>A map of structures (message attributes): name → member reader.</summary>
    public List<KeyValuePair<string, SqsInput>>? StructureMap(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is not JsonValueKind.Object)
        {
            throw NotExpected(value, "Map");
        }
        var list = new List<KeyValuePair<string, SqsInput>>();
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind is not JsonValueKind.Object)
            {
                throw NotExpected(property.Value, "Structure");
            }
            list.Add(new(property.Name, new SqsInput(property.Value)));
        }
        return list;
    }

    /// <summary>A blob member: base64 in JSON.</summary>
    public byte[]? Blob(string name)
    {
        if (String(name) is not { } text)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw SqsException.Serialization($"Base64 encoded value for {name} is invalid.");
        }
    }

    private static string? ReadString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Number => throw SqsException.Serialization("NUMBER_VALUE can not be converted to a String"),
        JsonValueKind.True or JsonValueKind.False => throw SqsException.Serialization("TRUE_VALUE can not be converted to a String"),
        _ => throw NotExpected(value, "String"),
    };

    private static int? ReadInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.Number => throw SqsException.Serialization("DECIMAL_VALUE can not be converted to an Integer"),
        JsonValueKind.String => throw SqsException.Serialization("STRING_VALUE can not be converted to an Integer"),
        JsonValueKind.Null => null,
        _ => throw NotExpected(value, "Integer"),
    };

    private static SqsException NotExpected(JsonElement value, string expected) => value.ValueKind switch
    {
        JsonValueKind.Object => SqsException.Serialization("Start of structure or map found where not expected."),
        JsonValueKind.Array => SqsException.Serialization("Start of list found where not expected"),
        JsonValueKind.String => SqsException.Serialization($"STRING_VALUE can not be converted to {expected}"),
        JsonValueKind.Number => SqsException.Serialization($"NUMBER_VALUE can not be converted to {expected}"),
        _ => SqsException.Serialization($"{value.ValueKind.ToString().ToUpperInvariant()}_VALUE can not be converted to {expected}"),
    };
}
