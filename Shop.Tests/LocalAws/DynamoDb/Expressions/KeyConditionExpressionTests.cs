using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using static Shop.Tests.LocalAws.DynamoDb.Expressions.ExpressionFixtures;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

public class KeyConditionExpressionTests
{
    private static readonly Dictionary<string, AttributeType> KeyTypes = new() { ["pk"] = AttributeType.S, ["sk"] = AttributeType.N };

    private static KeyConditionExpression Parse(string expression, bool withSortKey = true) =>
        KeyConditionExpression.Parse(expression, Attributes(), "pk", withSortKey ? "sk" : null, KeyTypes);

    [Theory]
    [InlineData("pk = :x", null)]
    [InlineData(":x = pk", null)]
    [InlineData("pk = :x AND sk = :five", SortKeyOperator.Equal)]
    [InlineData("pk = :x AND sk < :five", SortKeyOperator.LessThan)]
    [InlineData("pk = :x AND sk <= :five", SortKeyOperator.LessThanOrEqual)]
    [InlineData("pk = :x AND sk > :five", SortKeyOperator.GreaterThan)]
    [InlineData("pk = :x AND sk >= :five", SortKeyOperator.GreaterThanOrEqual)]
    [InlineData("pk = :x AND :five > sk", SortKeyOperator.LessThan)]
    [InlineData("sk BETWEEN :one AND :five AND pk = :x", SortKeyOperator.Between)]
    [InlineData("(pk = :x) AND (sk >= :five)", SortKeyOperator.GreaterThanOrEqual)]
    public void Key_conditions_give_the_partition_value_and_the_sort_key_range(string expression, SortKeyOperator? sortOperator)
    {
        var condition = Parse(expression);
        Assert.Equal(Value("{'S':'x'}"), condition.PartitionValue);
        Assert.Equal(sortOperator, condition.SortRange?.Operator);
    }

    [Theory]
    [InlineData("pk = :x AND sk = :five", "5", true)]
    [InlineData("pk = :x AND sk = :five", "5.0", true)]
    [InlineData("pk = :x AND sk < :five", "5", false)]
    [InlineData("pk = :x AND :five > sk", "4.99", true)]
    [InlineData("pk = :x AND sk BETWEEN :one AND :five", "1", true)]
    [InlineData("pk = :x AND sk BETWEEN :one AND :five", "5.01", false)]
    [InlineData("pk = :x", "123", true)]
    public void Sort_keys_are_matched_against_the_range(string expression, string sortKey, bool matches) =>
        Assert.Equal(matches, Parse(expression).MatchesSortKey(AttributeValue.FromN(DynamoNumber.Parse(sortKey))));

    [Fact]
    public void Begins_with_matches_string_and_binary_prefixes()
    {
        var types = new Dictionary<string, AttributeType> { ["pk"] = AttributeType.S, ["sk"] = AttributeType.S };
        var condition = KeyConditionExpression.Parse("pk = :x AND begins_with(sk, :he)", Attributes(), "pk", "sk", types);
        Assert.Equal(SortKeyOperator.BeginsWith, condition.SortRange!.Operator);
        Assert.True(condition.MatchesSortKey(Value("{'S':'hello'}")));
        Assert.False(condition.MatchesSortKey(Value("{'S':'hi'}")));
        Assert.False(condition.MatchesSortKey(null));
    }

    [Theory]
    [InlineData("pk = :x OR sk = :five", "Invalid operator used in KeyConditionExpression: OR")]
    [InlineData("NOT pk = :x", "Invalid operator used in KeyConditionExpression: NOT")]
    [InlineData("pk IN (:x)", "Invalid operator used in KeyConditionExpression: IN")]
    [InlineData("pk <> :x", "Invalid operator used in KeyConditionExpression: <>")]
    [InlineData("pk = :x AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists")]
    [InlineData("pk = :x AND contains(sk, :five)", "Invalid operator used in KeyConditionExpression: contains")]
    [InlineData("size(pk) = :five", "KeyConditionExpressions cannot contain nested operations")]
    [InlineData("pk = :x AND :five BETWEEN sk AND :ten", "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")]
    [InlineData("pk = :x AND begins_with(:he, sk)", "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand")]
    [InlineData("pk = :x AND sk = :five AND sk = :six", "KeyConditionExpressions must only contain one condition per key")]
    [InlineData("pk.x = :x", "KeyConditionExpressions cannot have conditions on nested attributes")]
    [InlineData("pk = sk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")]
    [InlineData(":x = :x", "Invalid condition in KeyConditionExpression: No key attribute specified")]
    [InlineData("pk = :x AND sk = :five AND oth = :six", "Conditions can be of length 1 or 2 only")]
    [InlineData("sk = :five", "Query condition missed key schema element: pk")]
    [InlineData("pk = :x AND oth = :five", "Query condition missed key schema element: sk")]
    [InlineData("pk < :x", "Query key condition not supported")]
    [InlineData("pk = :five", "One or more parameter values were invalid: Condition parameter type does not match schema type")]
    [InlineData("pk = :x AND sk = :hello", "One or more parameter values were invalid: Condition parameter type does not match schema type")]
    [InlineData("pk = :x AND sk < :ss2", "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type")]
    [InlineData("pk = :x AND sk > :true", "One or more parameter values were invalid: ComparisonOperator GT is not valid for BOOL AttributeValue type")]
    [InlineData("pk = :x AND sk = :null", "One or more parameter values were invalid: ComparisonOperator EQ is not valid for NULL AttributeValue type")]
    [InlineData("pk = :x AND begins_with(sk, :five)", "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")]
    [InlineData("pk = :x AND sk BETWEEN :five AND :one", "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}")]
    [InlineData("pk = :x AND", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"")]
    public void Invalid_key_conditions_get_AWS_messages(string expression, string message) =>
        Assert.Equal(message, ErrorOf(() => Parse(expression)));

    [Fact]
    public void A_table_without_sort_key_accepts_only_the_partition_key_condition() =>
        Assert.Equal("Query key condition not supported", ErrorOf(() => Parse("pk = :x AND sk = :five", withSortKey: false)));
}
