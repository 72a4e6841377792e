using System.Text.Json.Nodes;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// A cancelled transaction's answer: TransactionCanceledException with one CancellationReason per action, in request
/// order (None for an action that would have succeeded). An action's own problem with the data (a condition that
/// fails, a key that does not match the schema, an update that cannot apply) is a reason, not a ValidationException
/// of the whole request.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors
/// </summary>
internal static class TransactionCancellation
{
    public static JsonObject None() => new() { ["Code"] = "None" };

    public static JsonObject ValidationError(string message) => new() { ["Code"] = "ValidationError", ["Message"] = message };

    /// <summary>A failed condition, with the item as it is when ReturnValuesOnConditionCheckFailure is ALL_OLD.</summary>
    public static JsonObject ConditionalCheckFailed(IReadOnlyDictionary<string, AttributeValue>? existing, bool returnItem)
    {
        var reason = new JsonObject { ["Code"] = "ConditionalCheckFailed", ["Message"] = "The conditional request failed" };
        if (existing is not null && returnItem)
        {
            reason["Item"] = ItemResponses.ToNode(existing);
        }
        return reason;
    }

    /// <summary>True when any reason is not None.</summary>
    public static bool Cancelled(IEnumerable<JsonObject> reasons) => reasons.Any(r => r["Code"]!.GetValue<string>() != "None");

    public static DynamoDbException Exception(IReadOnlyList<JsonObject> reasons)
    {
        var codes = string.Join(", ", reasons.Select(r => r["Code"]!.GetValue<string>()));
        return new DynamoDbException(400, "TransactionCanceledException", $"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]")
        {
            ExtraFields = new JsonObject { ["CancellationReasons"] = new JsonArray([.. reasons]) },
        };
    }
}
