using System.Text.Json;

namespace Shop.LocalAws.DynamoDb.Model;

/// <summary>
/// Reads and writes the JSON wire form of attribute values. Wrong JSON types are <c>SerializationException</c>s,
/// thrown at once (AWS type-checks the whole request before validating it); validation problems are collected
/// (the first one wins) so that a later type error still takes precedence, as with AWS.
/// </summary>
internal static class AttributeValueJson
{
    private const string ModelNamespace = "com.amazonaws.dynamodb.v20120810.";
    private const string EmptyValue = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
    private const string SeveralTypes = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";

    public static AttributeValue Read(JsonElement element, ref string? problem)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                break;
            case JsonValueKind.Array:
                throw DynamoDbException.Serialization("Unrecognized collection type class " + ModelNamespace + "AttributeValue");
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                problem ??= EmptyValue;
                return AttributeValue.Null;
            default:
                throw DynamoDbException.Serialization("Unexpected value type in payload");
        }

        AttributeValue? result = null;
        var types = 0;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;   // AWS treats a null member as absent
            }
            AttributeValue? read;
            switch (property.Name)
            {
                case "S":
                    read = AttributeValue.FromS(ReadString(value));
                    break;
                case "N":
                    read = AttributeValue.FromN(ReadNumber(ReadString(value), ref problem));
                    break;
                case "B":
                    read = AttributeValue.FromB(ReadBlob(value));
                    break;
                case "BOOL":
                    read = AttributeValue.FromBool(ReadBoolean(value));
                    break;
                case "NULL":
                    if (!ReadBoolean(value))
                    {
                        problem ??= "One or more parameter values were invalid: Null attribute value types must have the value of true";
                    }
                    read = AttributeValue.Null;
                    break;
                case "SS":
                {
                    var members = new string[ListLength(value)];
                    var i = 0;
                    foreach (var member in value.EnumerateArray())
                    {
                        members[i++] = ReadString(member);
                    }
                    read = SetOrProblem(AttributeType.SS, members, ref problem);
                    break;
                }
                case "NS":
                {
                    var texts = new string[ListLength(value)];
                    var i = 0;
                    foreach (var member in value.EnumerateArray())
                    {
                        texts[i++] = ReadString(member);
                    }
                    var members = new DynamoNumber[texts.Length];
                    if (members.Length == 0)
                    {
                        read = SetOrProblem(AttributeType.NS, members, ref problem);
                        break;
                    }
                    for (i = 0; i < texts.Length; i++)
                    {
                        members[i] = ReadNumber(texts[i], ref problem);
                    }
                    read = SetOrProblem(AttributeType.NS, members, ref problem);
                    break;
                }
                case "BS":
                {
                    var members = new byte[ListLength(value)][];
                    var i = 0;
                    foreach (var member in value.EnumerateArray())
                    {
                        members[i++] = ReadBlob(member);
                    }
                    read = SetOrProblem(AttributeType.BS, members, ref problem);
                    break;
                }
                case "L":
                {
                    var elements = new AttributeValue[ListLength(value)];
                    var i = 0;
                    foreach (var member in value.EnumerateArray())
                    {
                        elements[i++] = Read(member, ref problem);
                    }
                    read = AttributeValue.ListOwned(elements);
                    break;
                }
                case "M":
                {
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        throw DynamoDbException.Serialization("Unrecognized collection type java.util.Map<java.lang.String, " + ModelNamespace + "AttributeValue>");
                    }
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        throw DynamoDbException.Serialization("Unexpected field type");
                    }
                    read = AttributeValue.MapOwned(ReadMap(value, ref problem));
                    break;
                }
                default:
                    continue;   // unknown members are ignored, as AWS's deserializer does
            }
            types++;
            result = read;
        }

        if (types == 0)
        {
            problem ??= EmptyValue;
            return AttributeValue.Null;
        }
        if (types > 1)
        {
            problem ??= SeveralTypes;
        }
        return result!;
    }

    public static Dictionary<string, AttributeValue> ReadMap(JsonElement element, ref string? problem)
    {
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = Read(property.Value, ref problem);
        }
        return map;
    }

    public static void Write(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        switch (value.Type)
        {
            case AttributeType.S:
                writer.WriteString("S", value.S);
                break;
            case AttributeType.N:
                writer.WriteString("N", value.N.ToString());
                break;
            case AttributeType.B:
                writer.WriteBase64String("B", value.B);
                break;
            case AttributeType.BOOL:
                writer.WriteBoolean("BOOL", value.BOOL);
                break;
            case AttributeType.NULL:
                writer.WriteBoolean("NULL", true);
                break;
            case AttributeType.SS:
                writer.WriteStartArray("SS");
                foreach (var member in value.SS)
                {
                    writer.WriteStringValue(member);
                }
                writer.WriteEndArray();
                break;
            case AttributeType.NS:
                writer.WriteStartArray("NS");
                foreach (var member in value.NS)
                {
                    writer.WriteStringValue(member.ToString());
                }
                writer.WriteEndArray();
                break;
            case AttributeType.BS:
                writer.WriteStartArray("BS");
                foreach (var member in value.BS)
                {
                    writer.WriteBase64StringValue(member);
                }
                writer.WriteEndArray();
                break;
            case AttributeType.L:
                writer.WriteStartArray("L");
                foreach (var element in value.ListUnsafe)
                {
                    Write(writer, element);
                }
                writer.WriteEndArray();
                break;
            case AttributeType.M:
                writer.WritePropertyName("M");
                WriteMap(writer, value.MapUnsafe);
                break;
        }
        writer.WriteEndObject();
    }

    public static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, AttributeValue> map)
    {
        writer.WriteStartObject();
        foreach (var (name, member) in map)
        {
            writer.WritePropertyName(name);
            Write(writer, member);
        }
        writer.WriteEndObject();
    }

    private static AttributeValue SetOrProblem(AttributeType type, Array members, ref string? problem)
    {
        var message = AttributeValue.SetProblem(members, type);
        if (message is not null)
        {
            problem ??= message;
        }
        return AttributeValue.SetOwned(type, members);
    }

    private static DynamoNumber ReadNumber(string text, ref string? problem)
    {
        if (DynamoNumber.TryParse(text, out var number))
        {
            return number;
        }
        try
        {
            DynamoNumber.Parse(text);
        }
        catch (DynamoDbException e)
        {
            problem ??= e.Message;
        }
        return default;
    }

    private static int ListLength(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                return value.GetArrayLength();
            case JsonValueKind.Object:
                throw DynamoDbException.Serialization("Start of structure or map found where not expected");
            default:
                throw DynamoDbException.Serialization("Unexpected field type");
        }
    }

    private static string ReadString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => throw DynamoDbException.Serialization("TRUE_VALUE cannot be converted to String"),
        JsonValueKind.False => throw DynamoDbException.Serialization("FALSE_VALUE cannot be converted to String"),
        JsonValueKind.Number => throw DynamoDbException.Serialization(NumberKind(value) + " cannot be converted to String"),
        JsonValueKind.Array => throw DynamoDbException.Serialization("Unrecognized collection type class java.lang.String"),
        JsonValueKind.Object => throw DynamoDbException.Serialization("Start of structure or map found where not expected"),
        _ => throw DynamoDbException.Serialization("Unexpected token received from parser"),
    };

    private static bool ReadBoolean(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                throw DynamoDbException.Serialization(NumberKind(value) + " cannot be converted to Boolean");
            case JsonValueKind.String:
                // AWS's deserializer accepts these spellings of a boolean inside a string.
                var text = value.GetString()!;
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" || text.Equals("yes", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
                if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" || text.Equals("no", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
                throw DynamoDbException.Serialization("Unexpected token received from parser");
            case JsonValueKind.Array:
                throw DynamoDbException.Serialization("Unrecognized collection type class java.lang.Boolean");
            default:
                throw DynamoDbException.Serialization("Start of structure or map found where not expected");
        }
    }

    private static byte[] ReadBlob(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Number:
                throw DynamoDbException.Serialization("only base-64-encoded strings are convertible to bytes");
            case JsonValueKind.Array:
                throw DynamoDbException.Serialization("Unrecognized collection type class java.nio.ByteBuffer");
            default:
                throw DynamoDbException.Serialization("Start of structure or map found where not expected");
        }
        var text = value.GetString()!;
        if (text.Length % 4 != 0)
        {
            throw DynamoDbException.Serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + text.Length);
        }
        if (!IsCanonicalBase64(text))
        {
            throw DynamoDbException.Serialization("Invalid last non-pad Base64 character dectected");
        }
        return Convert.FromBase64String(text);
    }

    // Only the standard alphabet, padding only at the end, and unused bits of the last character zero.
    private static bool IsCanonicalBase64(string text)
    {
        var length = text.Length;
        var padding = 0;
        if (length > 0 && text[length - 1] == '=')
        {
            padding = length > 1 && text[length - 2] == '=' ? 2 : 1;
        }
        for (var i = 0; i < length - padding; i++)
        {
            if (SextetOf(text[i]) < 0)
            {
                return false;
            }
        }
        if (padding == 0)
        {
            return true;
        }
        var last = SextetOf(text[length - padding - 1]);
        return padding == 2 ? (last & 0b1111) == 0 : (last & 0b11) == 0;
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };

    private static string NumberKind(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && d % 1 == 0) ? "NUMBER_VALUE" : "DECIMAL_VALUE";
}
