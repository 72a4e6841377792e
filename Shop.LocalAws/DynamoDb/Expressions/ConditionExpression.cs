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

    /// <summary>A condition built from its tree (the legacy condition parameters build theirs directly).</summary>
    internal static ConditionExpression FromTree(ExpressionNode root) => new(root);

    /// <summary>The top-level attribute names the condition reads, in the order they appear.</summary>
    internal IEnumerable<string> TopLevelAttributeNames()
    {
        var names = new List<string>();
        Collect(_root, names);
        return names.Distinct(StringComparer.Ordinal);
    }

    private static void Collect(ExpressionNode node, List<string> names)
    {
        switch (node)
        {
            case PathNode path:
                names.Add(path.Path.TopLevelName);
                break;
            case FunctionNode function:
                foreach (var argument in function.Arguments)
                {
                    Collect(argument, names);
                }
                break;
            case ComparisonNode comparison:
                Collect(comparison.Left, names);
                Collect(comparison.Right, names);
                break;
            case BetweenNode between:
                Collect(between.Operand, names);
                Collect(between.Lower, names);
                Collect(between.Upper, names);
                break;
            case InNode @in:
                Collect(@in.Operand, names);
                foreach (var candidate in @in.Candidates)
                {
                    Collect(candidate, names);
                }
                break;
            case AndNode and:
                Collect(and.Left, names);
                Collect(and.Right, names);
                break;
            case OrNode or:
                Collect(or.Left, names);
                Collect(or.Right, names);
                break;
            case NotNode not:
                Collect(not.Operand, names);
                break;
        }
    }

    /// <summary>True when the condition holds for <paramref name="item"/> (null: the item does not exist).</summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => _root.Test(item);
}
