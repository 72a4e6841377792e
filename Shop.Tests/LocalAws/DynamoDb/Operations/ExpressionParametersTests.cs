using System.Text.Json;
using CsCheck;
using Shop.LocalAws.DynamoDb;
using Shop.LocalAws.DynamoDb.Operations;

namespace Shop.Tests.LocalAws.DynamoDb.Operations;

/// <summary>
/// <see cref="ExpressionParameters"/> proves most requests clean in one walk and leaves the rest to
/// <see cref="RequestMembers.CheckExpressionParameters"/>: on any request the two must agree.
/// </summary>
public class ExpressionParametersTests
{
    private static readonly (string[] Expressions, string[] Legacy)[] Operations =
    [
        (["ConditionExpression"], ["Expected", "ConditionalOperator"]),
        (["UpdateExpression", "ConditionExpression"], ["AttributeUpdates", "Expected", "ConditionalOperator"]),
        (["ProjectionExpression"], ["AttributesToGet"]),
        (["ProjectionExpression", "FilterExpression", "KeyConditionExpression"], ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"]),
    ];

    private static readonly string[] MemberNames =
    [
        "TableName", "ConditionExpression", "UpdateExpression", "ProjectionExpression", "FilterExpression", "KeyConditionExpression",
        "Expected", "ConditionalOperator", "AttributeUpdates", "AttributesToGet", "QueryFilter", "KeyConditions",
        "ExpressionAttributeNames", "ExpressionAttributeValues",
    ];

    // Members with a value or JSON null (absent, as AWS reads it); names may repeat, and one is written escaped.
    private static readonly Gen<string> Requests =
        Gen.Select(Gen.OneOf(MemberNames), Gen.Bool, Gen.Int[0, 9]).Select((name, isNull, escape) =>
        {
            var written = escape == 0 ? "\\u00" + ((int)name[0]).ToString("x2") + name[1..] : name;
            return "\"" + written + "\":" + (isNull ? "null" : "\"x\"");
        }).Array[0, 6].Select(members => "{" + string.Join(",", members) + "}");

    private static string Outcome(Action check)
    {
        try
        {
            check();
            return "accepted";
        }
        catch (DynamoDbException e)
        {
            return e.Code + ": " + e.Message;
        }
    }

    [Fact]
    public void One_walk_agrees_with_the_full_check_on_any_request() =>
        Gen.Select(Requests, Gen.Int[0, Operations.Length - 1]).Sample((json, operation) =>
        {
            var (expressions, legacy) = Operations[operation];
            var request = JsonDocument.Parse(json).RootElement;
            var parameters = new ExpressionParameters(expressions, legacy);
            return Outcome(() => parameters.Check(request)) == Outcome(() => request.CheckExpressionParameters(expressions, legacy));
        }, iter: 5000);

    [Theory]
    [InlineData("""{"ConditionExpression":"x","Expected":{}}""", "ValidationException: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")]
    [InlineData("""{"ExpressionAttributeNames":{"#a":"a"}}""", "ValidationException: ExpressionAttributeNames can only be specified when using expressions")]
    [InlineData("""{"ExpressionAttributeValues":{}}""", "ValidationException: ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")]
    [InlineData("""{"ConditionExpression":"x","ExpressionAttributeValues":{},"ExpressionAttributeNames":{}}""", "accepted")]
    [InlineData("""{"ConditionExpression":"x","Expected":null}""", "accepted")]
    public void PutItems_members_are_checked_as_DynamoDB_checks_them(string json, string expected)
    {
        var parameters = new ExpressionParameters(["ConditionExpression"], ["Expected", "ConditionalOperator"]);
        Assert.Equal(expected, Outcome(() => parameters.Check(JsonDocument.Parse(json).RootElement)));
    }
}
