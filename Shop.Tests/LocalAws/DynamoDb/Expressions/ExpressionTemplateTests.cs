using CsCheck;
using Shop.LocalAws.DynamoDb;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;
using Props = Shop.Tests.LocalAws.DynamoDb.Expressions.ExpressionPropertyTests;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

/// <summary>
/// Reusing a parse (<see cref="ExpressionTemplate{T}"/>) must never change an answer: after the same text was parsed
/// with other placeholders, a request gets exactly what a parser that never saw the text gives it (the same error,
/// or the same results on every item, and the same unused-placeholder verdict). Each test has its own cache.
/// </summary>
public class ExpressionTemplateTests
{
    private static readonly Gen<Dictionary<string, string>?> NameSets = Gen.OneOf(
        Gen.OneOf("a", "b", "c").Select(name => (Dictionary<string, string>?)new Dictionary<string, string> { ["#n"] = name }),
        Gen.Const((Dictionary<string, string>?)null),
        Gen.Const((Dictionary<string, string>?)new Dictionary<string, string> { ["#n"] = "" }),
        Gen.Const((Dictionary<string, string>?)new Dictionary<string, string> { ["#n"] = "a", ["#unused"] = "d" }));

    /// <summary>
    /// A second value set: half the time unrelated to the first; otherwise the same types with other contents
    /// (what a real application sends), now and then with one placeholder missing.
    /// </summary>
    private static readonly Gen<(Dictionary<string, AttributeValue> First, Dictionary<string, AttributeValue> Second)> ValuePairs =
        Gen.Select(Props.ValueSets, Props.ValueSets, Gen.Int[0, 9]).Select((first, other, mode) =>
        {
            if (mode < 5)
            {
                return (first, other);
            }
            var second = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var (placeholder, value) in first)
            {
                // Same type, other contents, where the other set has a value of that type for this placeholder.
                second[placeholder] = other[placeholder].Type == value.Type ? other[placeholder] : value;
            }
            if (mode == 9)
            {
                second.Remove(":v1");
            }
            return (first, second);
        });

    private static ExpressionAttributes Attributes(Dictionary<string, string>? names, Dictionary<string, AttributeValue> values) =>
        new(names, values);

    private static string Outcome(Func<ExpressionAttributes, Func<string>> parse, ExpressionAttributes attributes)
    {
        try
        {
            var evaluate = parse(attributes);
            string unused;
            try
            {
                attributes.ThrowIfUnused();
                unused = "all used";
            }
            catch (DynamoDbException e)
            {
                unused = e.Message;
            }
            return evaluate() + " | " + unused;
        }
        catch (DynamoDbException e)
        {
            return e.Code + ": " + e.Message;
        }
    }

    private static void Warm(Action parse)
    {
        try
        {
            parse();
        }
        catch (DynamoDbException)
        {
            // The first request may be refused; then nothing is kept and the second is parsed afresh.
        }
    }

    private static Func<string> Evaluating(string text, ExpressionAttributes attributes, ExpressionTemplateCache<ExpressionNode>? templates,
        Dictionary<string, AttributeValue> item)
    {
        var tree = ExpressionParser.ParseCondition(text, attributes, "ConditionExpression", templates);
        return () => Tree(tree) + " on the item: " + tree.Test(item) + ", on none: " + tree.Test(null);
    }

    /// <summary>The whole parse, values and the types the checks inferred included: two parses print alike only when equal.</summary>
    private static string Tree(ExpressionNode node) => node switch
    {
        ValueNode value => "value(" + Write(value.Value) + ")",
        PathNode path => "path(" + path.Path + ")",
        FunctionNode function => function.Name + ":" + function.ResultType + "(" + string.Join(", ", function.Arguments.Select(Tree)) + ")",
        ComparisonNode comparison => "(" + Tree(comparison.Left) + " " + comparison.Comparator + " " + Tree(comparison.Right) + ")",
        BetweenNode between => "(" + Tree(between.Operand) + " BETWEEN " + Tree(between.Lower) + " AND " + Tree(between.Upper) + ")",
        InNode @in => "(" + Tree(@in.Operand) + " IN " + string.Join(", ", @in.Candidates.Select(Tree)) + ")",
        AndNode and => "(" + Tree(and.Left) + " AND " + Tree(and.Right) + ")",
        OrNode or => "(" + Tree(or.Left) + " OR " + Tree(or.Right) + ")",
        NotNode not => "NOT " + Tree(not.Operand),
        ArithmeticNode arithmetic => "(" + Tree(arithmetic.Left) + (arithmetic.Subtract ? " - " : " + ") + Tree(arithmetic.Right) + ")",
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static string Tree(UpdateAction[] actions) =>
        string.Join("; ", actions.Select(action => action.Kind + " " + action.Path + (action.Value is null ? "" : " " + Tree(action.Value))));

    private static Func<string> Applying(string text, ExpressionAttributes attributes, ExpressionTemplateCache<UpdateAction[]>? templates,
        Dictionary<string, AttributeValue> item)
    {
        var actions = ExpressionParser.ParseUpdate(text, attributes, templates);
        var update = UpdateExpression.Parse(text, attributes, templates);
        return () =>
        {
            try
            {
                return Tree(actions) + " gives " + Write(update.Apply(item)) + " touching " + string.Join(",", update.TopLevelAttributeNames.Order());
            }
            catch (DynamoDbException e)
            {
                return Tree(actions) + " fails to apply: " + e.Message;
            }
        };
    }

    private static Func<string> Projecting(string text, ExpressionAttributes attributes, ExpressionTemplateCache<DocumentPath[]>? templates,
        Dictionary<string, AttributeValue> item)
    {
        var paths = ExpressionParser.ParseProjection(text, attributes, templates);
        var projection = ProjectionExpression.Parse(text, attributes, templates);
        return () => string.Join(", ", paths.Select(path => path.ToString())) + " gives " + Write(projection.Project(item));
    }

    [Fact]
    public void A_reused_condition_answers_as_a_fresh_parse() =>
        Gen.Select(Props.Condition(2), ValuePairs, NameSets, NameSets, Props.Items).Sample((text, values, firstNames, names, item) =>
        {
            var templates = new ExpressionTemplateCache<ExpressionNode>();
            Warm(() => ConditionExpression.Parse(text, Attributes(firstNames, values.First), templates));
            var expected = Outcome(a => Evaluating(text, a, null, item), Attributes(names, values.Second));
            var actual = Outcome(a => Evaluating(text, a, templates, item), Attributes(names, values.Second));
            return expected == actual;
        }, iter: 4000);

    [Fact]
    public void A_reused_update_answers_as_a_fresh_parse() =>
        Gen.Select(Props.UpdateAction.Array[1, 3], ValuePairs, NameSets, NameSets, Props.Items).Sample((actions, values, firstNames, names, item) =>
        {
            var text = string.Join(" ", actions);
            var templates = new ExpressionTemplateCache<UpdateAction[]>();
            Warm(() => UpdateExpression.Parse(text, Attributes(firstNames, values.First), templates));
            var expected = Outcome(a => Applying(text, a, null, item), Attributes(names, values.Second));
            var actual = Outcome(a => Applying(text, a, templates, item), Attributes(names, values.Second));
            return expected == actual;
        }, iter: 4000);

    [Fact]
    public void A_reused_projection_answers_as_a_fresh_parse() =>
        Gen.Select(Props.Path.Array[1, 3], NameSets, NameSets, Props.Items).Sample((paths, firstNames, names, item) =>
        {
            var text = string.Join(", ", paths);
            var templates = new ExpressionTemplateCache<DocumentPath[]>();
            var values = new Dictionary<string, AttributeValue>();
            Warm(() => ProjectionExpression.Parse(text, Attributes(firstNames, values), templates));
            var expected = Outcome(a => Projecting(text, a, null, item), Attributes(names, values));
            var actual = Outcome(a => Projecting(text, a, templates, item), Attributes(names, values));
            return expected == actual;
        }, iter: 2000);

    // The cases the properties above reach only by chance, each on its own.

    private static ExpressionAttributes Values(string json, Dictionary<string, string>? names = null) => new(names, Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson.Values(json));

    [Fact]
    public void A_reused_condition_tests_the_values_of_the_request_that_uses_it()
    {
        var templates = new ExpressionTemplateCache<ExpressionNode>();
        var item = ItemOf("{'n':{'N':'2'}}");
        Assert.False(ConditionExpression.Parse("n = :v", Values("{':v':{'N':'1'}}"), templates).Evaluate(item));
        Assert.True(ConditionExpression.Parse("n = :v", Values("{':v':{'N':'2'}}"), templates).Evaluate(item));
        Assert.Equal(1, templates.Count);
    }

    [Fact]
    public void A_reused_update_writes_the_values_of_the_request_that_uses_it()
    {
        var templates = new ExpressionTemplateCache<UpdateAction[]>();
        var item = ItemOf("{'n':{'N':'2'}}");
        Assert.Equal("{'n':{'N':'3'}}", Write(UpdateExpression.Parse("SET n = n + :d", Values("{':d':{'N':'1'}}"), templates).Apply(item)));
        Assert.Equal("{'n':{'N':'12'}}", Write(UpdateExpression.Parse("SET n = n + :d", Values("{':d':{'N':'10'}}"), templates).Apply(item)));
        Assert.Equal(1, templates.Count);
    }

    [Theory]
    // An undefined value, a value of another type, and names that now overlap: each is the parser's own error.
    [InlineData("begins_with(a, :v)", "{':v':{'S':'x'}}", "{}",
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v")]
    [InlineData("begins_with(a, :v)", "{':v':{'S':'x'}}", "{':v':{'N':'1'}}",
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")]
    [InlineData("a BETWEEN :lo AND :hi", "{':lo':{'N':'1'},':hi':{'N':'2'}}", "{':lo':{'N':'3'},':hi':{'N':'2'}}",
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:3}, upper bound operand: AttributeValue: {N:2}")]
    [InlineData("attribute_type(a, :t)", "{':t':{'S':'S'}}", "{':t':{'S':'X'}}",
        "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")]
    public void A_condition_that_no_longer_binds_gets_the_parsers_error(string text, string firstValues, string values, string message)
    {
        var templates = new ExpressionTemplateCache<ExpressionNode>();
        ConditionExpression.Parse(text, Values(firstValues), templates);
        var error = Assert.Throws<DynamoDbException>(() => ConditionExpression.Parse(text, Values(values), templates));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Names_that_now_overlap_get_the_parsers_error()
    {
        var templates = new ExpressionTemplateCache<UpdateAction[]>();
        const string text = "SET #a = :x, #b = :x";
        UpdateExpression.Parse(text, Values("{':x':{'N':'1'}}", new() { ["#a"] = "a", ["#b"] = "b" }), templates);
        var error = Assert.Throws<DynamoDbException>(() =>
            UpdateExpression.Parse(text, Values("{':x':{'N':'1'}}", new() { ["#a"] = "a", ["#b"] = "a" }), templates));
        Assert.Equal("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
            error.Message);
    }

    [Fact]
    public void A_reused_parse_marks_its_placeholders_used_and_no_others()
    {
        var templates = new ExpressionTemplateCache<ExpressionNode>();
        ConditionExpression.Parse("#n = :v", Values("{':v':{'N':'1'}}", new() { ["#n"] = "a" }), templates).Evaluate(null);
        var attributes = Values("{':v':{'N':'1'},':extra':{'N':'2'}}", new() { ["#n"] = "a" });
        ConditionExpression.Parse("#n = :v", attributes, templates);
        var error = Assert.Throws<DynamoDbException>(attributes.ThrowIfUnused);
        Assert.Equal("Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}", error.Message);
    }

    [Fact]
    public void The_cache_stops_growing_at_its_capacity()
    {
        var templates = new ExpressionTemplateCache<ExpressionNode>();
        var attributes = new ExpressionAttributes(null, null);
        for (var i = 0; i < ExpressionTemplateCache<ExpressionNode>.Capacity + 10; i++)
        {
            ConditionExpression.Parse("attribute_exists(a" + i + ")", attributes, templates);
        }
        Assert.Equal(ExpressionTemplateCache<ExpressionNode>.Capacity, templates.Count);
    }
}
