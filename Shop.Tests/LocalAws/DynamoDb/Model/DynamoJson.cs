using System.Text;
using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.Tests.LocalAws.DynamoDb.Model;

/// <summary>Test shorthand: values and items written as DynamoDB wire JSON, with ' for " to keep tests readable.</summary>
internal static class DynamoJson
{
    public static JsonElement Element(string json) => JsonDocument.Parse(json.Replace('\'', '"')).RootElement.Clone();

    public static AttributeValue Value(string json) => AttributeValue.ReadJson(Element(json));

    public static Dictionary<string, AttributeValue> ItemOf(string json) => Item.ReadJson(Element(json));

    public static Dictionary<string, AttributeValue> Values(string json) => Item.ReadJson(Element(json));

    public static string Write(IReadOnlyDictionary<string, AttributeValue> item)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Item.WriteJson(writer, item);
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace('"', '\'');
    }

    public static string Write(AttributeValue value) => value.ToString().Replace('"', '\'');

    /// <summary>Compares items as DynamoDB does: attribute order and set member order do not matter.</summary>
    public static bool SameItem(IReadOnlyDictionary<string, AttributeValue> left, IReadOnlyDictionary<string, AttributeValue> right) =>
        AttributeValue.FromM(left).Equals(AttributeValue.FromM(right));
}
