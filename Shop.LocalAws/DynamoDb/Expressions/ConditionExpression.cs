using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed ConditionExpression or FilterExpression: comparisons, BETWEEN, IN, AND/OR/NOT and the condition functions.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html"/>.
/// </summary>
public sealed class ConditionExpression
{
    private ConditionExpression()
    {
    }

    /// <summary>Parses and validates <paramref name="text"/>; errors are AWS's <c>ValidationException</c> messages prefixed with "Invalid {parameterName}: ".</summary>
    public static ConditionExpression Parse(string text, ExpressionAttributes attributes, string parameterName = "ConditionExpression") =>
        throw new NotImplementedException();

    /// <summary>True when the condition holds for <paramref name="item"/> (null: the item does not exist).</summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => throw new NotImplementedException();
}
