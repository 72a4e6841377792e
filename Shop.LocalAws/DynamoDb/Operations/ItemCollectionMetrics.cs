using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// ItemCollectionMetrics, which PutItem, UpdateItem and DeleteItem return when ReturnItemCollectionMetrics is SIZE: the
/// item collection the write touched (its partition key) and an estimate of its size in GB as a range. Only tables
/// with a local secondary index have item collections; for any other table DynamoDB returns nothing. The estimate is
/// the collection's size (its items as DynamoDB measures them) rounded down to a whole GB, and one GB more: [0, 1] for
/// every collection under a GB, as DynamoDB answers for small ones.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ItemCollectionMetrics.html
/// </summary>
internal static class ItemCollectionMetrics
{
    private const double BytesPerGb = 1024d * 1024 * 1024;

    /// <summary>Writes the member after the write is applied; <paramref name="keyOrItem"/> names the partition.</summary>
    public static void WriteIfRequested(Utf8JsonWriter response, JsonElement request, Table table, IReadOnlyDictionary<string, AttributeValue> keyOrItem)
    {
        if (request.String("ReturnItemCollectionMetrics") != "SIZE" || !table.Definition.Indexes.Any(index => !index.IsGlobal))
        {
            return;
        }
        var hashName = table.Definition.Key.Hash.Name;
        var hash = keyOrItem[hashName];
        var bytes = table.Items.Query(hash, true, null).Sum(entry => (long)entry.ItemSize);
        var lower = Math.Floor(bytes / BytesPerGb);
        response.WriteStartObject("ItemCollectionMetrics");
        response.WritePropertyName("ItemCollectionKey");
        Item.WriteJson(response, new Dictionary<string, AttributeValue>(1, StringComparer.Ordinal) { [hashName] = hash });
        response.WriteStartArray("SizeEstimateRangeGB");
        response.WriteNumberValue(lower);
        response.WriteNumberValue(lower + 1);
        response.WriteEndArray();
        response.WriteEndObject();
    }
}
