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

    /// <summary>True when the condition reads the top-level attribute <paramref name="name"/> (or a path inside it).</summary>
    internal bool Reads(string name) => Reads(_root, name);

    private static bool Reads(ExpressionNode node, string name) => node switch
    {
        PathNode path => path.Path.TopLevelName == name,
        FunctionNode function => function.Arguments.Any(argument => Reads(argument, name)),
        ComparisonNode comparison => Reads(comparison.Left, name) || Reads(comparison.Right, name),
        BetweenNode between => Reads(between.Operand, name) || Reads(between.Lower, name) || Reads(between.Upper, name),
        InNode @in => Reads(@in.Operand, name) || @in.Candidates.Any(candidate => Reads(candidate, name)),
        AndNode and => Reads(and.Left, name) || Reads(and.Right, name),
        OrNode or => Reads(or.Left, name) || Reads(or.Right, name),
        NotNode not => Reads(not.Operand, name),
        _ => false,
    };

    /// <summary>True when the condition holds for <paramref name="item"/> (null: the item does not exist).</summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => _root.Test(item);
}
