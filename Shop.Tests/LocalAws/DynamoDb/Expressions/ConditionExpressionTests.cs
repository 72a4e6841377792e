using Shop.LocalAws.DynamoDb.Expressions;
using static Shop.Tests.LocalAws.DynamoDb.Expressions.ExpressionFixtures;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

public class ConditionExpressionTests
{
    private static bool Evaluate(string expression, string? names = null) =>
        ConditionExpression.Parse(expression, Attributes(names)).Evaluate(SampleItem());

    [Theory]
    [InlineData("n = :five", true)]
    [InlineData("n <> :five", false)]
    [InlineData("n < :six", true)]
    [InlineData("n <= :five", true)]
    [InlineData("n > :five", false)]
    [InlineData("n >= :five", true)]
    [InlineData(":six > n", true)]
    [InlineData("s = :five", false)]
    [InlineData("s <> :five", true)]
    [InlineData("s < :five", false)]
    [InlineData("s > :he", true)]
    [InlineData("absent = :five", false)]
    [InlineData("absent <> :five", true)]
    [InlineData("absent < :five", false)]
    [InlineData("ss = :ss2", false)]
    [InlineData("t = :true", true)]
    [InlineData("z = :null", true)]
    [InlineData("m.lst[0] = :ten", true)]
    [InlineData("l[2].k = :v", true)]
    [InlineData("l[5] = :x", false)]
    [InlineData("l[0] = :x", true)]
    [InlineData("m.a.b = :one", true)]
    [InlineData("m.a.b.c = :one", false)]
    [InlineData("b > :b01", true)]
    [InlineData("b < :bff", true)]
    [InlineData("u < :clef", true)]
    public void Comparisons_follow_DynamoDB_semantics(string expression, bool expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("n BETWEEN :one AND :six", true)]
    [InlineData("n BETWEEN :five AND :five", true)]
    [InlineData("n BETWEEN :six AND :ten", false)]
    [InlineData("s BETWEEN :one AND :six", false)]
    [InlineData("absent BETWEEN :one AND :six", false)]
    [InlineData("n between :one and :six", true)]
    [InlineData("n IN (:one, :five)", true)]
    [InlineData("n IN (:one, :six)", false)]
    [InlineData("n in (:five)", true)]
    [InlineData("absent IN (:one)", false)]
    [InlineData("s IN (:he, :hello, :five)", true)]
    public void Between_and_in_follow_DynamoDB_semantics(string expression, bool expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("attribute_exists(m.a.b)", true)]
    [InlineData("attribute_exists(m.a.c)", false)]
    [InlineData("attribute_exists(l[2])", true)]
    [InlineData("attribute_not_exists(absent)", true)]
    [InlineData("attribute_not_exists(n)", false)]
    [InlineData("attribute_type(n, :N)", true)]
    [InlineData("attribute_type(ss, :SS)", true)]
    [InlineData("attribute_type(m, :M)", true)]
    [InlineData("attribute_type(s, :N)", false)]
    [InlineData("attribute_type(absent, :N)", false)]
    [InlineData("begins_with(s, :he)", true)]
    [InlineData("begins_with(s, :hello)", true)]
    [InlineData("begins_with(s, :x)", false)]
    [InlineData("begins_with(s, :empty)", true)]
    [InlineData("begins_with(b, :b01)", true)]
    [InlineData("begins_with(b, :b1)", false)]
    [InlineData("begins_with(absent, :he)", false)]
    [InlineData("contains(s, :he)", true)]
    [InlineData("contains(s, :x)", false)]
    [InlineData("contains(ss, :x)", true)]
    [InlineData("contains(ss, :he)", false)]
    [InlineData("contains(ns, :one)", true)]
    [InlineData("contains(ns, :five)", false)]
    [InlineData("contains(bs, :b1)", true)]
    [InlineData("contains(b, :b1)", true)]
    [InlineData("contains(l, :x)", true)]
    [InlineData("contains(l, :one)", true)]
    [InlineData("contains(l, :map)", true)]
    [InlineData("contains(n, :five)", false)]
    [InlineData("contains(absent, :x)", false)]
    [InlineData("size(s) = :five", true)]
    [InlineData("size(ss) = :two", true)]
    [InlineData("size(l) = :three", true)]
    [InlineData("size(m) = :two", true)]
    [InlineData("size(b) = :three", true)]
    [InlineData("size(e) = :three", true)]
    [InlineData("size(n) = :one", false)]
    [InlineData("size(n) <> :one", true)]
    [InlineData("size(absent) < :ten", false)]
    [InlineData(":ten > size(s)", true)]
    [InlineData("size(m.lst) BETWEEN :one AND :two", true)]
    public void Functions_follow_DynamoDB_semantics(string expression, bool expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("n = :six OR n = :five AND s = :he", false)]
    [InlineData("n = :five OR n = :six AND s = :he", true)]
    [InlineData("NOT n = :six AND n = :five", true)]
    [InlineData("(n = :six OR n = :five) AND s = :hello", true)]
    [InlineData("NOT (n = :six OR s = :hello)", false)]
    [InlineData("n = :five AND NOT attribute_exists(absent)", true)]
    [InlineData("not n = :five or n = :five", true)]
    [InlineData("n = :five AND (s = :he OR (t = :true AND z = :null))", true)]
    [InlineData("(n) = (:five)", true)]
    [InlineData("\tn\n=\r\n:five ", true)]
    public void Logical_operators_bind_NOT_then_AND_then_OR(string expression, bool expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Fact]
    public void Placeholders_substitute_names_and_values()
    {
        Assert.True(Evaluate("#name = :five AND #m.#a.#b = :one", "{'#name':'n','#m':'m','#a':'a','#b':'b'}"));
        Assert.True(Evaluate("#dotted = :one", "{'#dotted':'m.a.b'}") is false);
    }

    [Fact]
    public void A_absent_item_is_an_item_without_attributes()
    {
        var attributes = Attributes();
        Assert.True(ConditionExpression.Parse("attribute_not_exists(id)", attributes).Evaluate(null));
        Assert.False(ConditionExpression.Parse("id = :x", attributes).Evaluate(null));
        Assert.True(ConditionExpression.Parse("id <> :x", attributes).Evaluate(null));
    }

    [Theory]
    [InlineData("", "The expression can not be empty;")]
    [InlineData("n =", "Syntax error; token: \"<EOF>\", near: \"=\"")]
    [InlineData("n == :five", "Syntax error; token: \"=\", near: \"== :five\"")]
    [InlineData("n = :five AND", "Syntax error; token: \"<EOF>\", near: \"AND\"")]
    [InlineData("n = :five extra", "Syntax error; token: \"extra\", near: \":five extra\"")]
    [InlineData("n & :five", "Syntax error; token: \"&\", near: \"n & :five\"")]
    [InlineData("n", "Syntax error; token: \"<EOF>\", near: \"n\"")]
    [InlineData("n IN ()", "Syntax error; token: \")\", near: \"()\"")]
    [InlineData("n BETWEEN :one", "Syntax error; token: \"<EOF>\", near: \":one\"")]
    [InlineData("AND = :five", "Syntax error; token: \"AND\", near: \"AND =\"")]
    [InlineData("name = :five", "Attribute name is a reserved keyword; reserved keyword: name")]
    [InlineData("m.Size = :five", "Attribute name is a reserved keyword; reserved keyword: Size")]
    [InlineData("#undefined = :five", "An expression attribute name used in the document path is not defined; attribute name: #undefined")]
    [InlineData("n = :undefined", "An expression attribute value used in expression is not defined; attribute value: :undefined")]
    [InlineData("foo(n)", "Invalid function name; function: foo")]
    [InlineData("SIZE(n) = :one", "Invalid function name; function: SIZE")]
    [InlineData("attribute_exists(n, s)", "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2")]
    [InlineData("begins_with(s)", "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1")]
    [InlineData("attribute_exists(:five)", "Operator or function requires a document path; operator or function: attribute_exists")]
    [InlineData("begins_with(s, :five)", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")]
    [InlineData("begins_with(s, size(s))", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")]
    [InlineData("attribute_type(n, :five)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N")]
    [InlineData("attribute_type(n, s)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}")]
    [InlineData("attribute_type(n, :hello)", "Invalid attribute type name found; type: hello, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")]
    [InlineData("size(:five) = :one", "Incorrect operand type for operator or function; operator or function: size, operand type: N")]
    [InlineData("size(size(s)) = :one", "Incorrect operand type for operator or function; operator or function: size, operand type: N")]
    [InlineData("size(n)", "The function is not allowed to be used this way in an expression; function: size")]
    [InlineData("n = :five AND size(n)", "The function is not allowed to be used this way in an expression; function: size")]
    [InlineData("attribute_exists(n) = :five", "The function is not allowed to be used this way in an expression; function: attribute_exists")]
    [InlineData("contains(begins_with(s, :he), :x)", "The function is not allowed to be used this way in an expression; function: begins_with")]
    [InlineData("n = n", "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]")]
    [InlineData("begins_with(m.lst[0], m.lst[0])", "The first operand must be distinct from the remaining operands for this operator or function; operator: begins_with, first operand: [m, lst, [0]]")]
    [InlineData("n BETWEEN :six AND :one", "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:6}, upper bound operand: AttributeValue: {N:1}")]
    [InlineData("n BETWEEN :one AND :hello", "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:hello}")]
    [InlineData("((n = :five))", "The expression has redundant parentheses;")]
    [InlineData("((n)) = :five", "The expression has redundant parentheses;")]
    [InlineData("name = :undefined", "Attribute name is a reserved keyword; reserved keyword: name")]
    [InlineData("foo(n) AND size(s)", "Invalid function name; function: foo")]
    [InlineData("size(n) AND name = :five", "The function is not allowed to be used this way in an expression; function: size")]
    [InlineData("n = :undefined AND attribute_exists(n, s)", "An expression attribute value used in expression is not defined; attribute value: :undefined")]
    public void Invalid_conditions_get_AWS_messages(string expression, string message) =>
        Assert.Equal("Invalid ConditionExpression: " + message, ErrorOf(() => ConditionExpression.Parse(expression, Attributes())));

    [Fact]
    public void The_parameter_name_prefixes_the_message() =>
        Assert.Equal("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: name",
            ErrorOf(() => ConditionExpression.Parse("name = :five", Attributes(), "FilterExpression")));

    [Fact]
    public void In_accepts_up_to_one_hundred_operands()
    {
        var hundred = "n IN (" + string.Join(", ", Enumerable.Repeat(":one", 99)) + ", :five)";
        Assert.True(Evaluate(hundred));
        var tooMany = "n IN (" + string.Join(", ", Enumerable.Repeat(":one", 101)) + ")";
        Assert.Equal("Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
            ErrorOf(() => ConditionExpression.Parse(tooMany, Attributes())));
    }

    [Fact]
    public void Expressions_over_4_KB_are_rejected()
    {
        var longest = "n = :five" + new string(' ', 4096 - 9);
        Assert.True(Evaluate(longest));
        Assert.Equal("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
            ErrorOf(() => ConditionExpression.Parse(longest + " ", Attributes())));
    }

    [Fact]
    public void Deeply_nested_parentheses_parse_in_linear_time()
    {
        // Each level could be tried as a parenthesised condition and as a parenthesised operand: without memoising
        // the parser would take 2^depth steps.
        var expression = string.Concat(Enumerable.Repeat("(n = :five AND ", 60)) + "(n) = :five" + new string(')', 60);
        Assert.True(Evaluate(expression));
        var garbage = string.Concat(Enumerable.Repeat("((n", 60));
        Assert.StartsWith("Invalid ConditionExpression: Syntax error;", ErrorOf(() => ConditionExpression.Parse(garbage, Attributes())));
    }

    [Fact]
    public void Unused_placeholders_are_reported_after_all_expressions_are_parsed()
    {
        var attributes = new ExpressionAttributes(
            new Dictionary<string, string> { ["#a"] = "n", ["#b"] = "s", ["#c"] = "t" },
            new Dictionary<string, Shop.LocalAws.DynamoDb.Model.AttributeValue> { [":v"] = Shop.LocalAws.DynamoDb.Model.AttributeValue.Null, [":w"] = Shop.LocalAws.DynamoDb.Model.AttributeValue.Null });
        ConditionExpression.Parse("#a = :v", attributes);
        Assert.Equal("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}", ErrorOf(attributes.ThrowIfUnused));
        ConditionExpression.Parse("#b = :v AND #c = :v", attributes);
        Assert.Equal("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}", ErrorOf(attributes.ThrowIfUnused));
        ProjectionExpression.Parse("#a", attributes);
        ConditionExpression.Parse("#a = :w", attributes);
        attributes.ThrowIfUnused();
    }

    [Theory]
    [InlineData("{'#a':'x'}", null, null)]
    [InlineData("{}", null, "ExpressionAttributeNames must not be empty")]
    [InlineData("{'a':'x'}", null, "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"")]
    [InlineData("{'#a-b':'x'}", null, "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"")]
    [InlineData(null, "{}", "ExpressionAttributeValues must not be empty")]
    [InlineData(null, "{'v':{'S':'x'}}", "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"")]
    [InlineData(null, "{':v':{'SS':[]}}", "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v")]
    [InlineData(null, "{':v':{}}", "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v")]
    public void Expression_attribute_maps_are_validated_as_AWS_does(string? names, string? values, string? message)
    {
        var read = () => ExpressionAttributes.ReadJson(
            names is null ? null : Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson.Element(names),
            values is null ? null : Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson.Element(values));
        if (message is null)
        {
            Assert.NotNull(read());
        }
        else
        {
            Assert.Equal(message, ErrorOf(() => read()));
        }
    }
}
