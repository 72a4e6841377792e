using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>Reads request members that <see cref="WireShape"/> has already type-checked (JSON null counts as absent).</summary>
internal static class RequestMembers
{
    public static JsonElement? Member(this JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;

    public static string? String(this JsonElement request, string name) => request.Member(name)?.GetString();

    public static bool Boolean(this JsonElement request, string name) =>
        request.Member(name) is { } value && WireShape.TryReadBoolean(value, out var result) && result;

    /// <summary>Coral truncates fractional numbers given for integer members.</summary>
    public static long? Integer(this JsonElement request, string name) =>
        request.Member(name) is { } value ? (long)Math.Floor(value.GetDouble()) : null;

    public static bool Has(this JsonElement request, string name) => request.Member(name) is not null;

    /// <summary>ExpressionAttributeNames and ExpressionAttributeValues of a request (or of one transaction item).</summary>
    public static ExpressionAttributes ExpressionAttributes(this JsonElement request) =>
        Expressions.ExpressionAttributes.ReadJson(request.Member("ExpressionAttributeNames"), request.Member("ExpressionAttributeValues"));

    /// <summary>
    /// DynamoDB's check that a request does not mix expression members with the legacy members they replaced,
    /// and that ExpressionAttributeNames/Values come with an expression.
    /// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
    /// </summary>
    public static void CheckExpressionParameters(this JsonElement request, string[] expressions, string[] legacy)
    {
        // Loops rather than queries: this runs on every item request, and only its errors need lists.
        var expressionUsed = false;
        var valueExpressionListed = false;
        var valueExpressionUsed = false;
        foreach (var expression in expressions)
        {
            var used = request.Has(expression);
            expressionUsed |= used;
            if (expression != "ProjectionExpression")
            {
                valueExpressionListed = true;
                valueExpressionUsed |= used;
            }
        }
        if (expressionUsed)
        {
            foreach (var member in legacy)
            {
                if (request.Has(member) && !(member == "KeyConditions" && !request.Has("KeyConditionExpression")))
                {
                    throw MixedParameters(request, expressions, legacy);
                }
            }
        }
        if (!expressionUsed && request.Has("ExpressionAttributeNames"))
        {
            throw DynamoDbException.Validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (valueExpressionListed && !valueExpressionUsed && request.Has("ExpressionAttributeValues"))
        {
            var valueExpressions = Array.FindAll(expressions, e => e != "ProjectionExpression");
            throw DynamoDbException.Validation("ExpressionAttributeValues can only be specified when using expressions: " +
                string.Join(" and ", valueExpressions) + " " + (valueExpressions.Length > 1 ? "are" : "is") + " null");
        }
    }

    private static DynamoDbException MixedParameters(JsonElement request, string[] expressions, string[] legacy)
    {
        var usedLegacy = legacy.Where(l => request.Has(l) && !(l == "KeyConditions" && !request.Has("KeyConditionExpression")));
        var usedExpressions = expressions.Where(e => request.Has(e));
        return DynamoDbException.Validation("Can not use both expression and non-expression parameters in the same request: " +
            $"Non-expression parameters: {{{string.Join(", ", usedLegacy)}}} Expression parameters: {{{string.Join(", ", usedExpressions)}}}");
    }

    public static Dictionary<string, AttributeValue> ReadItem(JsonElement json) => Item.ReadJson(json);
}
