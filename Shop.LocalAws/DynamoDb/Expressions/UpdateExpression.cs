using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed UpdateExpression: SET (with + and -, if_not_exists, list_append), REMOVE, ADD and DELETE clauses.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html"/>.
/// </summary>
public sealed class UpdateExpression
{
    private UpdateExpression()
    {
        TopLevelAttributeNames = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The resolved top-level attribute names the expression writes to.</summary>
    public IReadOnlySet<string> TopLevelAttributeNames { get; }

    public static UpdateExpression Parse(string text, ExpressionAttributes attributes) => throw new NotImplementedException();

    /// <summary>The item after the update (a new dictionary; <paramref name="existing"/> is not modified).</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue>? existing) => throw new NotImplementedException();

    /// <summary>The top-level attributes whose value differs between <paramref name="before"/> and <paramref name="after"/> among those this expression touches.</summary>
    public IReadOnlySet<string> UpdatedTopLevelAttributeNames(IReadOnlyDictionary<string, AttributeValue>? before, IReadOnlyDictionary<string, AttributeValue> after) =>
        throw new NotImplementedException();
}
