using System.Text;
using System.Text.Json;

namespace Shop.LocalAws.DynamoDb.Model;

/// <summary>
/// Helpers for DynamoDB items: maps of attribute name to value, with ordinal names.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html"/>.
/// </summary>
public static class Item
{
    /// <summary>The largest item DynamoDB stores: 400 KB.</summary>
    public const int MaxSize = 400 * 1024;

    /// <summary>Reads a JSON object of attribute name to wire-form value, validating each value with AWS's messages.</summary>
    public static Dictionary<string, AttributeValue> ReadJson(JsonElement itemObject)
    {
        if (itemObject.ValueKind == JsonValueKind.Array)
        {
            throw DynamoDbException.Serialization("Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
        }
        if (itemObject.ValueKind != JsonValueKind.Object)
        {
            throw DynamoDbException.Serialization("Unexpected field type");
        }
        string? problem = null;
        var item = AttributeValueJson.ReadMap(itemObject, ref problem);
        return problem is null ? item : throw DynamoDbException.Validation(problem);
    }

    public static void WriteJson(Utf8JsonWriter writer, IReadOnlyDictionary<string, AttributeValue> item) =>
        AttributeValueJson.WriteMap(writer, item);

    /// <summary>Item size as AWS counts it: each attribute's UTF-8 name length plus its value's size.</summary>
    public static int Size(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + value.Size;
        }
        return size;
    }
}
