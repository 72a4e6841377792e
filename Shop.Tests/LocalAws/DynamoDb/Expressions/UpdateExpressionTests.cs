using Shop.LocalAws.DynamoDb.Expressions;
using static Shop.Tests.LocalAws.DynamoDb.Expressions.ExpressionFixtures;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

public class UpdateExpressionTests
{
    private static string Apply(string expression, string? itemJson = null, string? names = null)
    {
        var item = itemJson is null ? SampleItem() : ItemOf(itemJson);
        var before = Write(item);
        var after = UpdateExpression.Parse(expression, Attributes(names)).Apply(item);
        Assert.Equal(before, Write(item));   // the existing item is never modified
        return Write(after);
    }

    [Theory]
    [InlineData("SET a = :one", "{}", "{'a':{'N':'1'}}")]
    [InlineData("SET a = :one, b = :hello", "{}", "{'a':{'N':'1'},'b':{'S':'hello'}}")]
    [InlineData("SET n = n + :one", "{'n':{'N':'5'}}", "{'n':{'N':'6'}}")]
    [InlineData("SET n = :one - n", "{'n':{'N':'5'}}", "{'n':{'N':'-4'}}")]
    [InlineData("SET n = (n + :one)", "{'n':{'N':'5'}}", "{'n':{'N':'6'}}")]
    [InlineData("SET x = if_not_exists(x, :one)", "{}", "{'x':{'N':'1'}}")]
    [InlineData("SET n = if_not_exists(n, :one)", "{'n':{'N':'5'}}", "{'n':{'N':'5'}}")]
    [InlineData("SET n = if_not_exists(n, :one) + :two", "{}", "{'n':{'N':'3'}}")]
    [InlineData("SET l = list_append(l, :list)", "{'l':{'L':[{'S':'a'}]}}", "{'l':{'L':[{'S':'a'},{'S':'new'}]}}")]
    [InlineData("SET l = list_append(:list, l)", "{'l':{'L':[{'S':'a'}]}}", "{'l':{'L':[{'S':'new'},{'S':'a'}]}}")]
    [InlineData("SET a = b, b = a", "{'a':{'S':'x'},'b':{'S':'y'}}", "{'a':{'S':'y'},'b':{'S':'x'}}")]
    [InlineData("SET a = n, n = :one", "{'n':{'N':'5'}}", "{'n':{'N':'1'},'a':{'N':'5'}}")]
    [InlineData("SET m.a.c = :one", "{'m':{'M':{'a':{'M':{}}}}}", "{'m':{'M':{'a':{'M':{'c':{'N':'1'}}}}}}")]
    [InlineData("SET m.l[0] = :one", "{'m':{'M':{'l':{'L':[{'N':'10'},{'N':'11'}]}}}}", "{'m':{'M':{'l':{'L':[{'N':'1'},{'N':'11'}]}}}}")]
    [InlineData("SET l[5] = :one", "{'l':{'L':[{'N':'10'}]}}", "{'l':{'L':[{'N':'10'},{'N':'1'}]}}")]
    [InlineData("SET l[7] = :x, l[5] = :one", "{'l':{'L':[{'N':'10'}]}}", "{'l':{'L':[{'N':'10'},{'N':'1'},{'S':'x'}]}}")]
    [InlineData("SET l[0].k = :one", "{'l':{'L':[{'M':{}}]}}", "{'l':{'L':[{'M':{'k':{'N':'1'}}}]}}")]
    [InlineData("REMOVE s", "{'s':{'S':'x'},'t':{'S':'y'}}", "{'t':{'S':'y'}}")]
    [InlineData("REMOVE absent", "{'t':{'S':'y'}}", "{'t':{'S':'y'}}")]
    [InlineData("REMOVE l[0], l[1]", "{'l':{'L':[{'N':'0'},{'N':'1'},{'N':'2'}]}}", "{'l':{'L':[{'N':'2'}]}}")]
    [InlineData("REMOVE l[1], l[0]", "{'l':{'L':[{'N':'0'},{'N':'1'},{'N':'2'}]}}", "{'l':{'L':[{'N':'2'}]}}")]
    [InlineData("REMOVE l[9]", "{'l':{'L':[{'N':'0'}]}}", "{'l':{'L':[{'N':'0'}]}}")]
    [InlineData("SET l[0] = :x REMOVE l[1]", "{'l':{'L':[{'N':'0'},{'N':'1'},{'N':'2'}]}}", "{'l':{'L':[{'S':'x'},{'N':'2'}]}}")]
    [InlineData("REMOVE m.a.b, m.c", "{'m':{'M':{'a':{'M':{'b':{'N':'1'}}}}}}", "{'m':{'M':{'a':{'M':{}}}}}")]
    [InlineData("ADD n :one", "{'n':{'N':'5'}}", "{'n':{'N':'6'}}")]
    [InlineData("ADD n :one", "{}", "{'n':{'N':'1'}}")]
    [InlineData("ADD m.n :one", "{'m':{'M':{}}}", "{'m':{'M':{'n':{'N':'1'}}}}")]
    [InlineData("ADD ss :ss2", "{'ss':{'SS':['x','y']}}", "{'ss':{'SS':['x','y','z']}}")]
    [InlineData("ADD ss :ss2", "{}", "{'ss':{'SS':['y','z']}}")]
    [InlineData("ADD ns :nset", "{'ns':{'NS':['2']}}", "{'ns':{'NS':['2','1']}}")]
    [InlineData("ADD bs :bset", "{'bs':{'BS':['AA==','AQ==']}}", "{'bs':{'BS':['AA==','AQ==']}}")]
    [InlineData("DELETE ss :xset", "{'ss':{'SS':['x','y']}}", "{'ss':{'SS':['y']}}")]
    [InlineData("DELETE ss :xyset", "{'ss':{'SS':['x','y']}}", "{}")]
    [InlineData("DELETE ss :xset", "{}", "{}")]
    [InlineData("DELETE l[0] :xset", "{'l':{'L':[{'SS':['x']},{'N':'1'}]}}", "{'l':{'L':[{'N':'1'}]}}")]
    [InlineData("SET a = :one REMOVE s ADD n :one DELETE ss :xset", "{'s':{'S':'x'},'n':{'N':'1'},'ss':{'SS':['x','y']}}",
        "{'n':{'N':'2'},'ss':{'SS':['y']},'a':{'N':'1'}}")]
    [InlineData("remove s set a = :one", "{'s':{'S':'x'}}", "{'a':{'N':'1'}}")]
    public void Updates_produce_the_item_DynamoDB_would_store(string expression, string item, string expected) =>
        Assert.Equal(expected, Apply(expression, item));

    [Fact]
    public void Name_placeholders_reach_attributes_with_any_name() =>
        Assert.Equal("{'a.b':{'N':'1'},'name':{'N':'2'}}",
            Apply("SET #dotted = :one, #name = :two", "{}", "{'#dotted':'a.b','#name':'name'}"));

    [Theory]
    [InlineData("SET a = absent", "{}", "The provided expression refers to an attribute that does not exist in the item")]
    [InlineData("SET a = absent + :one", "{}", "The provided expression refers to an attribute that does not exist in the item")]
    [InlineData("SET a = s + :one", "{'s':{'S':'x'}}", "An operand in the update expression has an incorrect data type")]
    [InlineData("SET a = :one + s", "{'s':{'S':'x'}}", "An operand in the update expression has an incorrect data type")]
    [InlineData("SET a = list_append(s, :list)", "{'s':{'S':'x'}}", "An operand in the update expression has an incorrect data type")]
    [InlineData("SET absent.b = :one", "{}", "The document path provided in the update expression is invalid for update")]
    [InlineData("SET s.b = :one", "{'s':{'S':'x'}}", "The document path provided in the update expression is invalid for update")]
    [InlineData("SET s[0] = :one", "{'s':{'S':'x'}}", "The document path provided in the update expression is invalid for update")]
    [InlineData("SET m[0] = :one", "{'m':{'M':{}}}", "The document path provided in the update expression is invalid for update")]
    [InlineData("SET l.a = :one", "{'l':{'L':[]}}", "The document path provided in the update expression is invalid for update")]
    [InlineData("SET l[3].a = :one", "{'l':{'L':[]}}", "The document path provided in the update expression is invalid for update")]
    [InlineData("REMOVE absent.b", "{}", "The document path provided in the update expression is invalid for update")]
    [InlineData("ADD s :one", "{'s':{'S':'x'}}", "An operand in the update expression has an incorrect data type")]
    [InlineData("ADD ss :nset", "{'ss':{'SS':['x']}}", "An operand in the update expression has an incorrect data type")]
    [InlineData("DELETE ns :xset", "{'ns':{'NS':['1']}}", "An operand in the update expression has an incorrect data type")]
    [InlineData("SET n = n + :big", "{'n':{'N':'1E100'}}", "Attempting to store more than 38 significant digits in a Number")]
    public void Updates_that_cannot_apply_get_AWS_messages(string expression, string item, string message)
    {
        var names = (string?)null;
        var attributes = Attributes(names);
        var big = new Dictionary<string, Shop.LocalAws.DynamoDb.Model.AttributeValue>(attributes.Values) { [":big"] = Value("{'N':'1'}") };
        var update = UpdateExpression.Parse(expression, new ExpressionAttributes(null, big));
        Assert.Equal(message, ErrorOf(() => update.Apply(ItemOf(item))));
    }

    [Theory]
    [InlineData("", "The expression can not be empty;")]
    [InlineData("SET", "Syntax error; token: \"<EOF>\", near: \"SET\"")]
    [InlineData("REMOVE", "Syntax error; token: \"<EOF>\", near: \"REMOVE\"")]
    [InlineData("a = :one", "Syntax error; token: \"a\", near: \"a =\"")]
    [InlineData("SET a = :one,", "Syntax error; token: \"<EOF>\", near: \",\"")]
    [InlineData("ADD str_set bad_value", "Syntax error; token: \"bad_value\", near: \"str_set bad_value\"")]
    [InlineData("DELETE num_val badvalue", "Syntax error; token: \"badvalue\", near: \"num_val badvalue\"")]
    [InlineData("SET a = :one + :two + :three", "Syntax error; token: \"+\", near: \":two + :three\"")]
    [InlineData("SET a = 1", "Syntax error; token: \"1\", near: \"= 1\"")]
    [InlineData("SET a = :one SET b = :one", "The \"SET\" section can only be used once in an update expression;")]
    [InlineData("SET a = :one, a = :two", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]")]
    [InlineData("SET m.a = :one REMOVE m", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m]")]
    [InlineData("SET l[0] = :one REMOVE l.x", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]")]
    [InlineData("ADD a :hello", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING")]
    [InlineData("ADD a :list", "Incorrect operand type for operator or function; operator: ADD, operand type: LIST")]
    [InlineData("DELETE a :five", "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER")]
    [InlineData("DELETE a :true", "Incorrect operand type for operator or function; operator: DELETE, operand type: BOOLEAN")]
    [InlineData("SET a = foo(b)", "Invalid function name; function: foo")]
    [InlineData("SET a = size(b)", "Invalid function name; function: size")]
    [InlineData("SET a = list_append(:five, l)", "Incorrect operand type for operator or function; operator or function: list_append, operand type: N")]
    [InlineData("SET a = :hello + :one", "Incorrect operand type for operator or function; operator or function: +, operand type: S")]
    [InlineData("SET a = if_not_exists(:one, :two)", "Operator or function requires a document path; operator or function: if_not_exists")]
    [InlineData("SET a = if_not_exists(a)", "Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1")]
    [InlineData("SET name = :one", "Attribute name is a reserved keyword; reserved keyword: name")]
    [InlineData("SET #undefined = :one", "An expression attribute name used in the document path is not defined; attribute name: #undefined")]
    [InlineData("SET a = :undefined", "An expression attribute value used in expression is not defined; attribute value: :undefined")]
    [InlineData("SET name = :undefined", "Attribute name is a reserved keyword; reserved keyword: name")]
    [InlineData("SET a = :one, a = :undefined", "An expression attribute value used in expression is not defined; attribute value: :undefined")]
    public void Invalid_updates_get_AWS_messages(string expression, string message) =>
        Assert.Equal("Invalid UpdateExpression: " + message, ErrorOf(() => UpdateExpression.Parse(expression, Attributes())));

    [Fact]
    public void The_touched_top_level_attributes_are_known_before_applying()
    {
        var update = UpdateExpression.Parse("SET a = :one, m.x = :two REMOVE b ADD c :one DELETE d :xset", Attributes());
        Assert.Equal(["a", "b", "c", "d", "m"], update.TopLevelAttributeNames.Order());
        Assert.Equal(["m"], update.NestedTopLevelAttributeNames);
    }

    [Fact]
    public void Updated_values_are_projected_for_ReturnValues()
    {
        var update = UpdateExpression.Parse("SET m.x = :two, a = :one REMOVE b", Attributes());
        var before = ItemOf("{'m':{'M':{'x':{'N':'1'},'y':{'N':'9'}}},'b':{'S':'gone'},'c':{'S':'kept'}}");
        var after = update.Apply(before);
        Assert.Equal("{'m':{'M':{'x':{'N':'1'}}},'b':{'S':'gone'}}", Write(update.ProjectUpdatedPaths(before)));
        Assert.Equal("{'m':{'M':{'x':{'N':'2'}}},'a':{'N':'1'}}", Write(update.ProjectUpdatedPaths(after)));
        Assert.Equal(["a", "b", "m"], update.UpdatedTopLevelAttributeNames(before, after).Order());
    }
}
