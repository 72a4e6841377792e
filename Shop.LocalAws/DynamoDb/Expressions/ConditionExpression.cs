using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed ConditionExpression or FilterExpression: comparisons, BETWEEN, IN, AND/OR/NOT and the condition functions.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html"/>.
/// </summary>
public sealed class ConditionExpression
{
    private readonly ExpressionNode _root;

    private ConditionExpression(ExpressionNode root) => _root = root;

    /// <summary>
    /// Parses and validates <paramref name="text"/>, marking the placeholders it uses in <paramref name="attributes"/>;
    /// errors are AWS's <c>ValidationException</c> messages prefixed with "Invalid {parameterName}: ".
    /// </summary>
    public static ConditionExpression Parse(string text, ExpressionAttributes attributes, string parameterName = "ConditionExpression")
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new ConditionExpression(ExpressionParser.ParseCondition(text, attributes, parameterName));
    }

    /// <summary>As <see cref="Parse(string, ExpressionAttributes, string)"/>, with the templates to reuse and add to (none: always parse).</summary>
    internal static ConditionExpression Parse(string text, ExpressionAttributes attributes, ExpressionTemplateCache<ExpressionNode>? templates,
        string parameterName = "ConditionExpression")
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new ConditionExpression(ExpressionParser.ParseCondition(text, attributes, parameterName, templates));
    }

    /// <summary>True when the condition holds for <paramref name="item"/> (null: the item does not exist).</summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => _root.Test(item);
}
