using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// Which attributes a read returns: a ProjectionExpression, or the legacy AttributesToGet list of top-level names.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html
/// </summary>
internal sealed class ItemProjection
{
    private readonly ProjectionExpression? _expression;
    private readonly string[]? _names;

    private ItemProjection(ProjectionExpression? expression, string[]? names)
    {
        _expression = expression;
        _names = names;
    }

    /// <summary>Reads the request's projection (marking the ExpressionAttributeNames it uses); null when it asks for whole items.</summary>
    public static ItemProjection? Read(JsonElement request, ExpressionAttributes attributes)
    {
        if (request.String("ProjectionExpression") is { } text)
        {
            return new ItemProjection(ProjectionExpression.Parse(text, attributes), null);
        }
        if (request.Member("AttributesToGet") is not { } list)
        {
            return null;
        }
        var names = list.EnumerateArray().Select(n => n.GetString()!).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw DynamoDbException.Validation("One or more parameter values were invalid: Duplicate value in attribute name: " + name);
            }
        }
        return new ItemProjection(null, names);
    }

    public Dictionary<string, AttributeValue> Project(IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (_expression is not null)
        {
            return _expression.Project(item);
        }
        var projected = new Dictionary<string, AttributeValue>(_names!.Length, StringComparer.Ordinal);
        foreach (var name in _names)
        {
            if (item.TryGetValue(name, out var value))
            {
                projected[name] = value;
            }
        }
        return projected;
    }
}
