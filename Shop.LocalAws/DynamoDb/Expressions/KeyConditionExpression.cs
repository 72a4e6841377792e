using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed Query KeyConditionExpression: an equality on the partition key and at most one condition on the sort key.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html"/>.
/// </summary>
public sealed class KeyConditionExpression
{
    private KeyConditionExpression(AttributeValue partitionValue, SortKeyRange? sortRange)
    {
        PartitionValue = partitionValue;
        SortRange = sortRange;
    }

    public AttributeValue PartitionValue { get; }

    public SortKeyRange? SortRange { get; }

    public static KeyConditionExpression Parse(string text, ExpressionAttributes attributes, string partitionKeyName, string? sortKeyName,
        IReadOnlyDictionary<string, AttributeType> keyTypes) => throw new NotImplementedException();

    /// <summary>True when a sort-key value satisfies the sort-key condition (always true without one).</summary>
    public bool MatchesSortKey(AttributeValue? sortValue) => throw new NotImplementedException();
}
