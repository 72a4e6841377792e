using System.Collections.Concurrent;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A successful parse of one expression text, reusable by a later request that sends the same text with
/// placeholders that mean the same: every <c>#name</c> the parse resolved maps to the same attribute name, and every
/// <c>:value</c> it resolved exists with the same type. Whether an expression parses, and into what, depends on
/// nothing else (names decide the paths and their overlap checks; values are only type-checked), so such a request
/// would parse to the same tree with its own values in it, which is what <see cref="TryBind"/> builds.
/// </summary>
/// <remarks>
/// The few checks that look at a value's contents (BETWEEN's bound order, attribute_type's type name) make their
/// parse not reusable: it is never stored. Errors are never stored either: a request that does not bind goes through
/// the parser, which reports exactly what it always reported.
/// </remarks>
internal sealed class ExpressionTemplate<T>(T parsed, (string Placeholder, string Name)[] names, (string Placeholder, AttributeType Type)[] values)
    where T : class
{
    /// <summary>The parse itself; its <see cref="ValueNode"/>s carry the index of their placeholder in the values resolved.</summary>
    public T Parsed { get; } = parsed;

    public bool HasValues => values.Length > 0;

    /// <summary>
    /// The values of this request's placeholders, in the order the parse resolved them, when the request binds to the
    /// template; then its placeholders are marked used as the parser would have marked them. Otherwise false, and
    /// nothing is marked.
    /// </summary>
    public bool TryBind(ExpressionAttributes attributes, out AttributeValue[] bound)
    {
        bound = [];
        foreach (var (placeholder, name) in names)
        {
            if (!attributes.Names.TryGetValue(placeholder, out var given) || !string.Equals(given, name, StringComparison.Ordinal))
            {
                return false;
            }
        }
        if (values.Length > 0)
        {
            bound = new AttributeValue[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (!attributes.Values.TryGetValue(values[i].Placeholder, out var given) || given.Type != values[i].Type)
                {
                    return false;
                }
                bound[i] = given;
            }
        }
        foreach (var (placeholder, _) in names)
        {
            attributes.TryResolveName(placeholder, out _);
        }
        foreach (var (placeholder, _) in values)
        {
            attributes.TryResolveValue(placeholder, out _);
        }
        return true;
    }

    /// <summary>A copy of a parsed condition or operand with this request's values in place of the template's.</summary>
    public static ExpressionNode Bind(ExpressionNode node, AttributeValue[] bound) => node switch
    {
        ValueNode value => new ValueNode(bound[value.Slot]) { Slot = value.Slot },
        PathNode => node,
        FunctionNode function => new FunctionNode(function.Name, BindAll(function.Arguments, bound)) { ResultType = function.ResultType },
        ComparisonNode comparison => new ComparisonNode(comparison.Comparator, Bind(comparison.Left, bound), Bind(comparison.Right, bound)),
        BetweenNode between => new BetweenNode(Bind(between.Operand, bound), Bind(between.Lower, bound), Bind(between.Upper, bound)),
        InNode @in => new InNode(Bind(@in.Operand, bound), BindAll(@in.Candidates, bound)),
        AndNode and => new AndNode(Bind(and.Left, bound), Bind(and.Right, bound)),
        OrNode or => new OrNode(Bind(or.Left, bound), Bind(or.Right, bound)),
        NotNode not => new NotNode(Bind(not.Operand, bound)),
        ArithmeticNode arithmetic => new ArithmeticNode(arithmetic.Subtract, Bind(arithmetic.Left, bound), Bind(arithmetic.Right, bound)),
        _ => throw new InvalidOperationException($"{node.GetType().Name} cannot be bound"),
    };

    private static ExpressionNode[] BindAll(ExpressionNode[] nodes, AttributeValue[] bound)
    {
        var result = new ExpressionNode[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            result[i] = Bind(nodes[i], bound);
        }
        return result;
    }
}

/// <summary>
/// Successful parses by parameter and text, shared by every request of the process: applications send the same few
/// expressions again and again, and parsing them (tokens, the parser's error bookkeeping, placeholder lookups) was
/// most of an UpdateItem's own work. Bounded: past <see cref="Capacity"/> distinct texts, new ones are parsed every time.
/// </summary>
internal sealed class ExpressionTemplateCache<T>
    where T : class
{
    public const int Capacity = 2048;

    private readonly ConcurrentDictionary<(string Parameter, string Text), ExpressionTemplate<T>> _templates = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string parameterName, string text, out ExpressionTemplate<T> template) =>
        _templates.TryGetValue((parameterName, text), out template!);

    public void Add(string parameterName, string text, ExpressionTemplate<T> template)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            return;
        }
        if (_templates.TryAdd((parameterName, text), template))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
