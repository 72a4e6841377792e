using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed ProjectionExpression: the document paths whose values a read returns.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html"/>.
/// </summary>
public sealed class ProjectionExpression
{
    private readonly DocumentPath[] _paths;
    private readonly bool _topLevelOnly;

    private ProjectionExpression(DocumentPath[] paths)
    {
        _paths = paths;
        _topLevelOnly = Array.TrueForAll(paths, path => !path.IsNested);
        TopLevelAttributeNames = paths.Select(path => path.TopLevelName).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The top-level attributes the projection reads (for index projections and AttributesToGet-style checks).</summary>
    public IReadOnlySet<string> TopLevelAttributeNames { get; }

    public static ProjectionExpression Parse(string text, ExpressionAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new ProjectionExpression(ExpressionParser.ParseProjection(text, attributes));
    }

    /// <summary>As <see cref="Parse(string, ExpressionAttributes)"/>, with the templates to reuse and add to (none: always parse).</summary>
    internal static ProjectionExpression Parse(string text, ExpressionAttributes attributes, ExpressionTemplateCache<DocumentPath[]>? templates)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new ProjectionExpression(ExpressionParser.ParseProjection(text, attributes, templates));
    }

    /// <summary>A new item holding only the projected paths that exist in <paramref name="item"/>.</summary>
    public Dictionary<string, AttributeValue> Project(IReadOnlyDictionary<string, AttributeValue> item) =>
        _topLevelOnly ? ProjectTopLevel(item) : DocumentProjection.Project(_paths, item);

    private Dictionary<string, AttributeValue> ProjectTopLevel(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var result = new Dictionary<string, AttributeValue>(_paths.Length, StringComparer.Ordinal);
        foreach (var path in _paths)
        {
            if (item.TryGetValue(path.TopLevelName, out var value))
            {
                result[path.TopLevelName] = value;
            }
        }
        return result;
    }
}
