using Shop.LocalAws.DynamoDb.Expressions;
using static Shop.Tests.LocalAws.DynamoDb.Expressions.ExpressionFixtures;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

public class ProjectionExpressionTests
{
    private static string Project(string expression, string? names = null) =>
        Write(ProjectionExpression.Parse(expression, Attributes(names)).Project(SampleItem()));

    [Theory]
    [InlineData("id", "{'id':{'S':'a'}}")]
    [InlineData("id, n, absent", "{'id':{'S':'a'},'n':{'N':'5'}}")]
    [InlineData("m.a.b", "{'m':{'M':{'a':{'M':{'b':{'N':'1'}}}}}}")]
    [InlineData("m.a.b, m.lst", "{'m':{'M':{'a':{'M':{'b':{'N':'1'}}},'lst':{'L':[{'N':'10'}]}}}}")]
    [InlineData("l[2], l[0]", "{'l':{'L':[{'S':'x'},{'M':{'k':{'S':'v'}}}]}}")]
    [InlineData("l[2].k", "{'l':{'L':[{'M':{'k':{'S':'v'}}}]}}")]
    [InlineData("l[9], m.absent, s.x", "{}")]
    [InlineData("m.lst[0], id", "{'m':{'M':{'lst':{'L':[{'N':'10'}]}}},'id':{'S':'a'}}")]
    public void Projections_keep_only_the_named_paths(string expression, string expected) =>
        Assert.Equal(expected, Project(expression));

    [Fact]
    public void Projection_placeholders_resolve_names() =>
        Assert.Equal("{'n':{'N':'5'}}", Project("#n", "{'#n':'n'}"));

    [Theory]
    [InlineData("", "The expression can not be empty;")]
    [InlineData("a,", "Syntax error; token: \"<EOF>\", near: \",\"")]
    [InlineData("a b", "Syntax error; token: \"b\", near: \"a b\"")]
    [InlineData("a[x]", "Syntax error; token: \"x\", near: \"[x]\"")]
    [InlineData("name", "Attribute name is a reserved keyword; reserved keyword: name")]
    [InlineData("#undefined", "An expression attribute name used in the document path is not defined; attribute name: #undefined")]
    [InlineData("a, a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]")]
    [InlineData("a.b, a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]")]
    [InlineData("a[0], a.b", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]")]
    public void Invalid_projections_get_AWS_messages(string expression, string message) =>
        Assert.Equal("Invalid ProjectionExpression: " + message, ErrorOf(() => ProjectionExpression.Parse(expression, Attributes())));
}
