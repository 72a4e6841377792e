using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A node of a parsed expression. Conditions answer <see cref="Test"/>; operands answer <see cref="Resolve"/>
/// (null when a path does not exist in the item or a function has no value for it).
/// </summary>
internal abstract class ExpressionNode
{
    public virtual bool Test(IReadOnlyDictionary<string, AttributeValue>? item) =>
        throw new InvalidOperationException($"{GetType().Name} is not a condition");

    public virtual AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item) =>
        throw new InvalidOperationException($"{GetType().Name} is not an operand");

    /// <summary>The type known before evaluation: a literal value's type, or what a function returns (dynalite's getType).</summary>
    public virtual AttributeType? StaticType => null;
}

internal sealed class PathNode(DocumentPath path) : ExpressionNode
{
    public DocumentPath Path { get; } = path;

    public override AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item) => Path.Resolve(item);
}

internal sealed class ValueNode(AttributeValue value) : ExpressionNode
{
    public AttributeValue Value { get; } = value;

    /// <summary>The placeholder was undefined (an error is already recorded; the node is never evaluated).</summary>
    public bool Unresolved { get; init; }

    /// <summary>Which of the values its parse resolved this is (see <see cref="ExpressionTemplate{T}"/>); -1 when unresolved.</summary>
    public int Slot { get; init; } = -1;

    public override AttributeType? StaticType => Unresolved ? null : Value.Type;

    public override AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item) => Value;
}

internal enum FunctionKind
{
    Unknown,
    AttributeExists,
    AttributeNotExists,
    AttributeType,
    BeginsWith,
    Contains,
    Size,
    IfNotExists,
    ListAppend,
}

internal sealed class FunctionNode(string name, ExpressionNode[] arguments) : ExpressionNode
{
    public string Name { get; } = name;

    public ExpressionNode[] Arguments { get; } = arguments;

    public FunctionKind Kind { get; } = name switch
    {
        "attribute_exists" => FunctionKind.AttributeExists,
        "attribute_not_exists" => FunctionKind.AttributeNotExists,
        "attribute_type" => FunctionKind.AttributeType,
        "begins_with" => FunctionKind.BeginsWith,
        "contains" => FunctionKind.Contains,
        "size" => FunctionKind.Size,
        "if_not_exists" => FunctionKind.IfNotExists,
        "list_append" => FunctionKind.ListAppend,
        _ => FunctionKind.Unknown,
    };

    /// <summary>Set by the parser's checks: the type the function yields, when known.</summary>
    public AttributeType? ResultType { get; set; }

    public override AttributeType? StaticType => ResultType;

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        switch (Kind)
        {
            case FunctionKind.AttributeExists:
                return Arguments[0].Resolve(item) is not null;
            case FunctionKind.AttributeNotExists:
                return Arguments[0].Resolve(item) is null;
            case FunctionKind.AttributeType:
            {
                var value = Arguments[0].Resolve(item);
                var typeName = Arguments[1].Resolve(item);
                return value is not null && typeName is { Type: AttributeType.S } && typeName.S == TypeName(value.Type);
            }
            case FunctionKind.BeginsWith:
            {
                var value = Arguments[0].Resolve(item);
                var prefix = Arguments[1].Resolve(item);
                if (value is null || prefix is null || value.Type != prefix.Type)
                {
                    return false;
                }
                return value.Type switch
                {
                    AttributeType.S => value.S.StartsWith(prefix.S, StringComparison.Ordinal),
                    AttributeType.B => value.B.AsSpan().StartsWith(prefix.B),
                    _ => false,
                };
            }
            case FunctionKind.Contains:
            {
                var container = Arguments[0].Resolve(item);
                var operand = Arguments[1].Resolve(item);
                return container is not null && operand is not null && Contains(container, operand);
            }
            default:
                return base.Test(item);
        }
    }

    public override AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        if (Kind != FunctionKind.Size)
        {
            return base.Resolve(item);
        }
        var value = Arguments[0].Resolve(item);
        var size = value is null ? -1 : SizeOf(value);
        return size < 0 ? null : AttributeValue.FromN(DynamoNumber.FromInt64(size));
    }

    /// <summary>What size() answers: string length in UTF-16 code units (as AWS measures it), bytes, or members; -1 otherwise.</summary>
    public static int SizeOf(AttributeValue value) => value.Type switch
    {
        AttributeType.S => value.S.Length,
        AttributeType.B => value.B.Length,
        AttributeType.SS or AttributeType.NS or AttributeType.BS or AttributeType.L or AttributeType.M => value.Count,
        _ => -1,
    };

    public static string TypeName(AttributeType type) => type switch
    {
        AttributeType.S => "S",
        AttributeType.N => "N",
        AttributeType.B => "B",
        AttributeType.BOOL => "BOOL",
        AttributeType.NULL => "NULL",
        AttributeType.M => "M",
        AttributeType.L => "L",
        AttributeType.SS => "SS",
        AttributeType.NS => "NS",
        _ => "BS",
    };

    private static bool Contains(AttributeValue container, AttributeValue operand)
    {
        switch (container.Type)
        {
            case AttributeType.S:
                return operand.Type == AttributeType.S && container.S.Contains(operand.S, StringComparison.Ordinal);
            case AttributeType.B:
                return operand.Type == AttributeType.B && container.B.AsSpan().IndexOf(operand.B) >= 0;
            case AttributeType.SS:
                return operand.Type == AttributeType.S && Array.IndexOf((string[])container.SetMembersUnsafe, operand.S) >= 0;
            case AttributeType.NS:
                return operand.Type == AttributeType.N && Array.IndexOf((DynamoNumber[])container.SetMembersUnsafe, operand.N) >= 0;
            case AttributeType.BS:
                return operand.Type == AttributeType.B && AttributeValue.IndexOfBytes((byte[][])container.SetMembersUnsafe, operand.B) >= 0;
            case AttributeType.L:
                // The developer guide: true when the list "contains a particular element", of any type (dynalite
                // only matches string, number and binary elements).
                foreach (var element in container.ListUnsafe)
                {
                    if (element.Equals(operand))
                    {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}

internal enum Comparator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed class ComparisonNode(Comparator comparator, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public Comparator Comparator { get; } = comparator;

    public ExpressionNode Left { get; } = left;

    public ExpressionNode Right { get; } = right;

    public static string Symbol(Comparator comparator) => comparator switch
    {
        Comparator.Equal => "=",
        Comparator.NotEqual => "<>",
        Comparator.Less => "<",
        Comparator.LessOrEqual => "<=",
        Comparator.Greater => ">",
        _ => ">=",
    };

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var left = Left.Resolve(item);
        var right = Right.Resolve(item);
        switch (Comparator)
        {
            case Comparator.Equal:
                return left is not null && right is not null && left.Equals(right);
            case Comparator.NotEqual:
                // A missing operand is "not equal", as AWS (and dynalite) answer.
                return left is null || right is null || !left.Equals(right);
        }
        if (left is null || right is null)
        {
            return false;
        }
        var order = ValueOrdering.Compare(left, right);
        return order is { } o && Comparator switch
        {
            Comparator.Less => o < 0,
            Comparator.LessOrEqual => o <= 0,
            Comparator.Greater => o > 0,
            _ => o >= 0,
        };
    }
}

internal sealed class BetweenNode(ExpressionNode operand, ExpressionNode lower, ExpressionNode upper) : ExpressionNode
{
    public ExpressionNode Operand { get; } = operand;

    public ExpressionNode Lower { get; } = lower;

    public ExpressionNode Upper { get; } = upper;

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var value = Operand.Resolve(item);
        var lower = Lower.Resolve(item);
        var upper = Upper.Resolve(item);
        if (value is null || lower is null || upper is null)
        {
            return false;
        }
        return ValueOrdering.Compare(value, lower) >= 0 && ValueOrdering.Compare(value, upper) <= 0;
    }
}

internal sealed class InNode(ExpressionNode operand, ExpressionNode[] candidates) : ExpressionNode
{
    public ExpressionNode Operand { get; } = operand;

    public ExpressionNode[] Candidates { get; } = candidates;

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var value = Operand.Resolve(item);
        if (value is null)
        {
            return false;
        }
        foreach (var candidate in Candidates)
        {
            if (candidate.Resolve(item) is { } resolved && resolved.Equals(value))
            {
                return true;
            }
        }
        return false;
    }
}

internal sealed class AndNode(ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public ExpressionNode Left { get; } = left;

    public ExpressionNode Right { get; } = right;

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item) => Left.Test(item) && Right.Test(item);
}

internal sealed class OrNode(ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public ExpressionNode Left { get; } = left;

    public ExpressionNode Right { get; } = right;

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item) => Left.Test(item) || Right.Test(item);
}

internal sealed class NotNode(ExpressionNode operand) : ExpressionNode
{
    public ExpressionNode Operand { get; } = operand;

    public override bool Test(IReadOnlyDictionary<string, AttributeValue>? item) => !Operand.Test(item);
}

/// <summary><c>a + b</c> or <c>a - b</c> in an update's SET action.</summary>
internal sealed class ArithmeticNode(bool subtract, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public bool Subtract { get; } = subtract;

    public ExpressionNode Left { get; } = left;

    public ExpressionNode Right { get; } = right;

    public override AttributeType? StaticType => AttributeType.N;
}
