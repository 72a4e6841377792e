using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed ProjectionExpression: the document paths whose values a read returns.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html"/>.
/// </summary>
public sealed class ProjectionExpression
{
    private ProjectionExpression()
    {
    }

    public static ProjectionExpression Parse(string text, ExpressionAttributes attributes) => throw new NotImplementedException();

    /// <summary>A new item holding only the projected paths that exist in <paramref name="item"/>.</summary>
    public Dictionary<string, AttributeValue> Project(IReadOnlyDictionary<string, AttributeValue> item) => throw new NotImplementedException();
}
