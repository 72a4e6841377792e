using System.Text.Json;

namespace Shop.LocalAws.Ses;

/// <summary>
/// Typed reads of a REST JSON request body. A member of the wrong JSON type fails as AWS's deserializer fails
/// (SerializationException); a missing required member fails as AWS's validation does (BadRequestException).
/// </summary>
internal static class SesJson
{
    public static JsonElement? Member(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? OptionalString(JsonElement obj, string name) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } other => throw WrongType(name, "string", other),
    };

    public static string RequiredString(JsonElement obj, string name, string path) =>
        OptionalString(obj, name) ?? throw SesErrors.MissingMember(path);

    public static JsonElement? OptionalObject(JsonElement obj, string name) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => value,
        { } other => throw WrongType(name, "structure", other),
    };

    public static JsonElement RequiredObject(JsonElement obj, string name, string path) =>
        OptionalObject(obj, name) ?? throw SesErrors.MissingMember(path);

    public static IReadOnlyList<string> StringList(JsonElement obj, string name)
    {
        switch (Member(obj, name))
        {
            case null:
                return [];
            case { ValueKind: JsonValueKind.Array } array:
                var items = new List<string>(array.GetArrayLength());
                foreach (var item in array.EnumerateArray())
                {
                    items.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw WrongType(name, "string", item));
                }
                return items;
            case { } other:
                throw WrongType(name, "list", other);
        }
    }

    /// <summary>Reads a list of <c>{Key, Value}</c> (identity and template tags) or <c>{Name, Value}</c> (message tags).</summary>
    public static IReadOnlyList<SesTag> Tags(JsonElement obj, string name, string keyMember)
    {
        switch (Member(obj, name))
        {
            case null:
                return [];
            case { ValueKind: JsonValueKind.Array } array:
                var tags = new List<SesTag>();
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw WrongType(name, "structure", item);
                    }
                    tags.Add(new SesTag(RequiredString(item, keyMember, $"{Camel(name)}.member.{Camel(keyMember)}"), RequiredString(item, "Value", $"{Camel(name)}.member.value")));
                }
                return tags;
            case { } other:
                throw WrongType(name, "list", other);
        }
    }

    public static void WriteTags(Utf8JsonWriter writer, string name, string keyMember, IReadOnlyList<SesTag> tags, string valueMember = "Value")
    {
        writer.WriteStartArray(name);
        foreach (var tag in tags)
        {
            writer.WriteStartObject();
            writer.WriteString(keyMember, tag.Key);
            writer.WriteString(valueMember, tag.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary>REST JSON timestamps are epoch seconds.</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTimeOffset value) =>
        writer.WriteNumber(name, value.ToUnixTimeMilliseconds() / 1000m);

    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static Protocol.AwsServiceException WrongType(string name, string expected, JsonElement actual) =>
        SesErrors.Serialization($"Expected {expected} for member {name}, found JSON {actual.ValueKind.ToString().ToLowerInvariant()}.");
}
