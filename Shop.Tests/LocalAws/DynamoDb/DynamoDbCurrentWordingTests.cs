using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// Validation answers DynamoDB gives today where dynalite (from an older DynamoDB) answers otherwise. Each expected
/// message is one the dynamodb-conformance suite (github.com/nubo-db/dynamodb-conformance, Tier 3) captured from
/// DynamoDB itself; <see cref="DynaliteEra"/> lets the differential tests accept exactly these differences.
/// </summary>
public sealed class DynamoDbCurrentWordingTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();
    private readonly DynamoDbWire _wire = new(fixture.CreateHttpClient());

    private const string KeyOnlyItem = """{"pk":{"S":"test"}}""";

    [Theory]
    [InlineData("PutItem", "", "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("PutItem", "bad table!@#", "Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")]
    [InlineData("CreateTable", "ab", "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")]
    public async Task A_table_name_is_checked_as_a_name_or_an_ARN(string operation, string name, string error)
    {
        var body = operation == "PutItem"
            ? $$"""{"TableName":"{{name}}","Item":{{KeyOnlyItem}}}"""
            : $$"""{"TableName":"{{name}}","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}""";

        var answer = await _wire.SendAsync(operation, body);

        Assert.Equal((400, "ValidationException", "1 validation error detected: " + error), (answer.Status, answer.ErrorCode, answer.Message));
    }

    [Fact]
    public async Task A_table_name_over_255_characters_is_refused_unless_it_is_an_ARN_up_to_1024()
    {
        var name = new string('a', 256);

        var tooLong = await _wire.SendAsync("PutItem", $$"""{"TableName":"{{name}}","Item":{{KeyOnlyItem}}}""");
        var longerThanAnyArn = await _wire.SendAsync("PutItem", $$"""{"TableName":"{{new string('a', 1025)}}","Item":{{KeyOnlyItem}}}""");

        Assert.Equal($"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255", tooLong.Message);
        Assert.EndsWith("at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024", longerThanAnyArn.Message);
    }

    [Fact]
    public async Task A_bad_table_name_is_reported_on_its_own_before_the_other_constraints()
    {
        // DynamoDB's own order: "empty TableName with invalid ReturnValues reports only tableName" (conformance Tier 3).
        var put = await _wire.SendAsync("PutItem", """{"TableName":"","Item":{},"ReturnValues":"INVALID"}""");
        var query = await _wire.SendAsync("Query", """{"TableName":"a;","Limit":0}""");

        Assert.Equal("1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1", put.Message);
        Assert.Equal("2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
            "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3", query.Message);
    }

    [Fact]
    public async Task Query_names_a_Limit_under_one_without_its_value_and_Scan_still_shows_it()
    {
        var table = await CreateSimpleAsync(_client, "limits");

        var query = await _wire.SendAsync("Query", $$$"""{"TableName":"{{{table}}}","KeyConditionExpression":"id = :v","ExpressionAttributeValues":{":v":{"S":"x"}},"Limit":0}""");
        var scan = await _wire.SendAsync("Scan", $$"""{"TableName":"{{table}}","Limit":0}""");

        Assert.Equal("1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1", query.Message);
        Assert.Equal("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", scan.Message);
    }

    [Theory]
    [InlineData("BatchGetItem")]
    [InlineData("BatchWriteItem")]
    public async Task Empty_RequestItems_are_a_missing_parameter(string operation)
    {
        var answer = await _wire.SendAsync(operation, """{"RequestItems":{}}""");

        Assert.Equal((400, "ValidationException", $"The requestItems parameter is required for {operation}"), (answer.Status, answer.ErrorCode, answer.Message));
    }

    [Fact]
    public async Task Over_100_keys_for_one_table_name_the_member_by_its_request_path()
    {
        var table = await CreateSimpleAsync(_client, "keys");
        var keys = string.Join(",", Enumerable.Range(0, 101).Select(i => $$$"""{"id":{"S":"k{{{i}}}"}}"""));

        var answer = await _wire.SendAsync("BatchGetItem", "{\"RequestItems\":{\"" + table + "\":{\"Keys\":[" + keys + "]}}}");

        Assert.Equal($"1 validation error detected: Value at 'RequestItems.{table}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100", answer.Message);
    }

    [Fact]
    public async Task Structures_in_a_message_are_printed_as_DynamoDB_prints_its_Java_objects()
    {
        var table = await CreateSimpleAsync(_client, "dumps");
        var puts = string.Join(",", Enumerable.Range(0, 26).Select(i => "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"bw-" + i + "\"}}}}"));

        var keySchema = await _wire.SendAsync("CreateTable", """
            {"TableName":"three_keys","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"extra","AttributeType":"S"}],
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"},{"AttributeName":"extra","KeyType":"RANGE"}]}
            """);
        var batch = await _wire.SendAsync("BatchWriteItem", $$$"""{"RequestItems":{"{{{table}}}":[{{{puts}}}]}}""");

        Assert.Equal("1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), " +
            "KeySchemaElement(attributeName=extra, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2", keySchema.Message);
        Assert.Matches($@"^1 validation error detected: Value '\{{{table}=\[WriteRequest\(deleteRequest=null, putRequest=PutRequest\(item=\{{id=AttributeValue\(s=bw-0\)\}}\)\), .+\]\}}' at 'requestItems' " +
            @"failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$", batch.Message);
        Assert.Equal(0, (await _client.ScanAsync(new ScanRequest { TableName = table })).Count);
    }

    [Fact]
    public async Task Only_what_JSON_requires_is_escaped()
    {
        var table = await CreateSimpleAsync(_client, "escapes");
        await _client.PutItemAsync(table, new() { ["id"] = S("café <b>\"1\"</b> & 'x' + y") });

        var scan = await _wire.SendAsync("Scan", $$"""{"TableName":"{{table}}"}""");
        var refused = await _wire.SendAsync("PutItem", """{"TableName":"x;y","Item":{}}""");

        Assert.Contains("""{"id":{"S":"café <b>\"1\"</b> & 'x' + y"}}""", scan.RawBody, StringComparison.Ordinal);
        Assert.Contains("Value 'x;y' at 'tableName'", refused.RawBody, StringComparison.Ordinal);
        Assert.Contains("pattern: [a-zA-Z0-9_.-]+", refused.RawBody, StringComparison.Ordinal);
    }
}
