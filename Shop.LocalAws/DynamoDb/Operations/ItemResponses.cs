using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>Response pieces shared by the item actions.</summary>
internal static class ItemResponses
{
    public static void WriteItem(Utf8JsonWriter writer, string member, IReadOnlyDictionary<string, AttributeValue> item)
    {
        writer.WritePropertyName(member);
        Item.WriteJson(writer, item);
    }

    /// <summary>A stored item as a response value: its cached JSON when it goes out whole, else its projection.</summary>
    public static void WriteStored(Utf8JsonWriter writer, ItemEntry entry, ItemProjection? projection)
    {
        if (projection is null)
        {
            writer.WriteRawValue(entry.Json, skipInputValidation: true);
        }
        else
        {
            Item.WriteJson(writer, projection.Project(entry.Item));
        }
    }

    /// <summary>An item as a JSON node, for error bodies (ConditionalCheckFailedException's Item, CancellationReasons).</summary>
    public static JsonNode ToNode(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, AwsJson.WriterOptions))
        {
            Item.WriteJson(writer, item);
        }
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    /// <summary>
    /// ConditionalCheckFailedException, carrying the item as it was when ReturnValuesOnConditionCheckFailure is ALL_OLD.
    /// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValuesOnConditionCheckFailure
    /// </summary>
    public static DynamoDbException ConditionFailed(JsonElement request, IReadOnlyDictionary<string, AttributeValue>? existing)
    {
        var error = DynamoDbException.ConditionalCheckFailed();
        if (existing is not null && request.String("ReturnValuesOnConditionCheckFailure") == "ALL_OLD")
        {
            return new DynamoDbException(error.StatusCode, error.Code, error.Message) { ExtraFields = new JsonObject { ["Item"] = ToNode(existing) } };
        }
        return error;
    }

    public static void CheckSize(IReadOnlyDictionary<string, AttributeValue> item, string message = "Item size has exceeded the maximum allowed size")
    {
        if (Item.Size(item) > Item.MaxSize)
        {
            throw DynamoDbException.Validation(message);
        }
    }
}
