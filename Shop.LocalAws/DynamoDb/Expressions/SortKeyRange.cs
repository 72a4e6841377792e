using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>The operator of a sort-key condition in a KeyConditionExpression.</summary>
public enum SortKeyOperator
{
    Equal,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Between,
    BeginsWith,
}

/// <summary>
/// The sort-key condition of a Query, in a form an ordered index can seek with: <c>key OP Value1</c>, or
/// <c>key BETWEEN Value1 AND Value2</c>, or <c>begins_with(key, Value1)</c>.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditionExpression"/>.
/// </summary>
public sealed record SortKeyRange(SortKeyOperator Operator, AttributeValue Value1, AttributeValue? Value2);
