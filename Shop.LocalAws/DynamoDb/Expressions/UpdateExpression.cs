using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed UpdateExpression: SET (with + and -, if_not_exists, list_append), REMOVE, ADD and DELETE clauses.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html"/>.
/// </summary>
/// <remarks>
/// As in DynamoDB, every value on the right of SET is computed from the item as it was before the update, and list
/// positions in REMOVE refer to the list as it was (removing a[0] and a[1] removes the first two elements).
/// </remarks>
public sealed class UpdateExpression
{
    internal const string InvalidPathMessage = "The document path provided in the update expression is invalid for update";
    internal const string IncorrectTypeMessage = "An operand in the update expression has an incorrect data type";
    internal const string MissingAttributeMessage = "The provided expression refers to an attribute that does not exist in the item";

    private static readonly Dictionary<string, AttributeValue> EmptyItem = new(StringComparer.Ordinal);

    private readonly UpdateAction[] _actions;
    private readonly bool _hasSet;

    private UpdateExpression(UpdateAction[] actions)
    {
        _actions = actions;
        var topLevel = new HashSet<string>(actions.Length, StringComparer.Ordinal);
        HashSet<string>? nested = null;
        foreach (var action in actions)
        {
            _hasSet |= action.Kind == UpdateActionKind.Set;
            topLevel.Add(action.Path.TopLevelName);
            if (action.Path.IsNested)
            {
                (nested ??= new HashSet<string>(StringComparer.Ordinal)).Add(action.Path.TopLevelName);
            }
        }
        TopLevelAttributeNames = topLevel;
        NestedTopLevelAttributeNames = nested ?? NoNames;
    }

    private static readonly HashSet<string> NoNames = new(StringComparer.Ordinal);

    /// <summary>The resolved top-level attribute names the expression writes to.</summary>
    public IReadOnlySet<string> TopLevelAttributeNames { get; }

    /// <summary>Top-level names the expression reaches into with a nested path (<c>a.b</c>, <c>a[0]</c>).</summary>
    public IReadOnlySet<string> NestedTopLevelAttributeNames { get; }

    public static UpdateExpression Parse(string text, ExpressionAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new UpdateExpression(ExpressionParser.ParseUpdate(text, attributes));
    }

    /// <summary>As <see cref="Parse(string, ExpressionAttributes)"/>, with the templates to reuse and add to (none: always parse).</summary>
    internal static UpdateExpression Parse(string text, ExpressionAttributes attributes, ExpressionTemplateCache<UpdateAction[]>? templates)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new UpdateExpression(ExpressionParser.ParseUpdate(text, attributes, templates));
    }

    /// <summary>The item after the update (a new dictionary; <paramref name="existing"/> is not modified).</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue>? existing)
    {
        var original = existing ?? EmptyItem;
        AttributeValue[]? setValues = null;
        if (_hasSet)
        {
            setValues = new AttributeValue[_actions.Length];
            for (var i = 0; i < _actions.Length; i++)
            {
                if (_actions[i].Kind == UpdateActionKind.Set)
                {
                    setValues[i] = Compute(_actions[i].Value!, original);
                }
            }
        }
        var document = new UpdatableDocument(original);
        for (var i = 0; i < _actions.Length; i++)
        {
            var action = _actions[i];
            switch (action.Kind)
            {
                case UpdateActionKind.Set:
                    document.Set(action.Path, setValues![i]);
                    break;
                case UpdateActionKind.Remove:
                    document.Remove(action.Path);
                    break;
                case UpdateActionKind.Add:
                    document.Add(action.Path, ((ValueNode)action.Value!).Value);
                    break;
                default:
                    document.Delete(action.Path, ((ValueNode)action.Value!).Value);
                    break;
            }
        }
        return document.ToItem();
    }

    /// <summary>
    /// The top-level attributes this expression touches that exist in <paramref name="before"/> or <paramref name="after"/>
    /// (what ReturnValues UPDATED_OLD / UPDATED_NEW name, before projecting the touched paths with <see cref="ProjectUpdatedPaths"/>).
    /// </summary>
    public IReadOnlySet<string> UpdatedTopLevelAttributeNames(IReadOnlyDictionary<string, AttributeValue>? before, IReadOnlyDictionary<string, AttributeValue> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in TopLevelAttributeNames)
        {
            if (after.ContainsKey(name) || (before is not null && before.ContainsKey(name)))
            {
                result.Add(name);
            }
        }
        return result;
    }

    /// <summary>
    /// The values at the paths this expression touches, projected from <paramref name="item"/>: ReturnValues
    /// UPDATED_OLD (pass the old item) and UPDATED_NEW (pass the new item) answer exactly this.
    /// </summary>
    public Dictionary<string, AttributeValue> ProjectUpdatedPaths(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return DocumentProjection.Project(_actions.Select(action => action.Path), item);
    }

    private static AttributeValue Compute(ExpressionNode node, IReadOnlyDictionary<string, AttributeValue> item)
    {
        switch (node)
        {
            case ValueNode value:
                return value.Value;
            case PathNode path:
                return path.Path.Resolve(item) ?? throw DynamoDbException.Validation(MissingAttributeMessage);
            case ArithmeticNode arithmetic:
            {
                var left = Compute(arithmetic.Left, item);
                if (left.Type != AttributeType.N)
                {
                    throw DynamoDbException.Validation(IncorrectTypeMessage);
                }
                var right = Compute(arithmetic.Right, item);
                if (right.Type != AttributeType.N)
                {
                    throw DynamoDbException.Validation(IncorrectTypeMessage);
                }
                return AttributeValue.FromN(arithmetic.Subtract ? left.N.Subtract(right.N) : left.N.Add(right.N));
            }
            case FunctionNode { Kind: FunctionKind.IfNotExists } function:
                return ((PathNode)function.Arguments[0]).Path.Resolve(item) ?? Compute(function.Arguments[1], item);
            case FunctionNode { Kind: FunctionKind.ListAppend } function:
            {
                var left = Compute(function.Arguments[0], item);
                if (left.Type != AttributeType.L)
                {
                    throw DynamoDbException.Validation(IncorrectTypeMessage);
                }
                var right = Compute(function.Arguments[1], item);
                if (right.Type != AttributeType.L)
                {
                    throw DynamoDbException.Validation(IncorrectTypeMessage);
                }
                return AttributeValue.AppendLists(left, right);
            }
            default:
                throw new InvalidOperationException($"{node.GetType().Name} cannot be a SET value");
        }
    }
}
