using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>Requests no SDK would send: each gets DynamoDB's error and changes nothing.</summary>
public sealed class DynamoDbBadInputTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();
    private readonly DynamoDbWire _wire = new(fixture.CreateHttpClient());

    [Fact]
    public async Task Malformed_JSON_is_a_SerializationException()
    {
        var answer = await _wire.SendAsync("PutItem", "{\"TableName\": ");

        Assert.Equal(400, answer.Status);
        Assert.Equal("com.amazon.coral.service#SerializationException", answer.ErrorType);
    }

    [Fact]
    public async Task A_null_where_a_transaction_action_a_batch_read_or_an_index_update_belongs_is_refused_as_a_missing_member()
    {
        var table = await CreateSimpleAsync(_client, "nulls");

        var get = await _wire.SendAsync("TransactGetItems", """{"TransactItems":[null]}""");
        var write = await _wire.SendAsync("TransactWriteItems", """{"TransactItems":[{"Put":{"TableName":"TABLE","Item":{"id":{"S":"kept-out"}}}},null]}""".Replace("TABLE", table, StringComparison.Ordinal));
        var update = await _wire.SendAsync("UpdateTable", $$$"""{"TableName":"{{{table}}}","GlobalSecondaryIndexUpdates":[null]}""");
        var batch = await _wire.SendAsync("BatchGetItem", $$$"""{"RequestItems":{"{{{table}}}":null}}""");

        Assert.Equal((400, "1 validation error detected: Value null at 'transactItems.1.member' failed to satisfy constraint: Member must not be null"), (get.Status, get.Message));
        Assert.Equal((400, "1 validation error detected: Value null at 'transactItems.2.member' failed to satisfy constraint: Member must not be null"), (write.Status, write.Message));
        Assert.Equal((400, "1 validation error detected: Value null at 'globalSecondaryIndexUpdates.1.member' failed to satisfy constraint: Member must not be null"), (update.Status, update.Message));
        Assert.Equal((400, $"1 validation error detected: Value null at 'requestItems.{table}.member' failed to satisfy constraint: Member must not be null"), (batch.Status, batch.Message));
        Assert.Equal(0, (await _client.ScanAsync(new ScanRequest { TableName = table })).Count);
    }

    [Fact]
    public async Task An_unknown_operation_is_UnknownOperationException()
    {
        var answer = await _wire.SendAsync("DropEverything", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("com.amazon.coral.service#UnknownOperationException", answer.ErrorType);
    }

    [Fact]
    public async Task An_unsigned_request_is_MissingAuthenticationTokenException()
    {
        var answer = await _wire.SendAsync("ListTables", "{}", signed: false);

        Assert.Equal("com.amazon.coral.service#MissingAuthenticationTokenException", answer.ErrorType);
        Assert.Equal("Request is missing Authentication Token", answer.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_content_is_answered_like_DynamoDB_does()
    {
        var answer = await _wire.SendAsync("ListTables", "{}", contentType: "text/plain");

        Assert.Equal(404, answer.Status);
        Assert.Equal("<UnknownOperationException/>\n", answer.RawBody);
    }

    [Theory]
    [InlineData("{\"TableName\": 5}", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("{\"TableName\": true}", "TRUE_VALUE cannot be converted to String")]
    [InlineData("{\"TableName\": \"abc\", \"Key\": []}", "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>")]
    [InlineData("{\"TableName\": \"abc\", \"Key\": {\"id\": {\"S\": 1}}}", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("{\"TableName\": \"abc\", \"Key\": {\"id\": {\"B\": \"abc\"}}}", "Base64 encoded length is expected a multiple of 4 bytes but found: 3")]
    [InlineData("{\"TableName\": \"abc\", \"ConsistentRead\": 3}", "NUMBER_VALUE cannot be converted to Boolean")]
    public async Task Wrong_JSON_types_are_SerializationExceptions_naming_the_type(string body, string message)
    {
        var answer = await _wire.SendAsync("GetItem", body);

        Assert.Equal("com.amazon.coral.service#SerializationException", answer.ErrorType);
        Assert.Equal(message, answer.Message);
    }

    [Fact]
    public async Task Constraint_violations_are_listed_together()
    {
        var answer = await _wire.SendAsync("Scan", "{\"TableName\": \"abc\", \"Limit\": 0, \"Select\": \"SOME\"}");

        Assert.Equal("com.amazon.coral.validate#ValidationException", answer.ErrorType);
        Assert.Equal("2 validation errors detected: Value 'SOME' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; " +
            "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", answer.Message);
    }

    [Theory]
    [InlineData("GetItem", "{\"TableName\": \"Items\\n\", \"Key\": {\"id\": {\"S\": \"x\"}}}")]
    [InlineData("DescribeTable", "{\"TableName\": \"Items\\n\"}")]
    public async Task A_table_name_ending_in_a_line_feed_breaks_the_name_pattern(string operation, string body)
    {
        // DynamoDB matches the whole name, as Java's String.matches does; a .NET "$" would let the line feed through.
        var answer = await _wire.SendAsync(operation, body);

        Assert.Equal("com.amazon.coral.validate#ValidationException", answer.ErrorType);
        Assert.Equal("1 validation error detected: Value 'Items\n' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", answer.Message);
    }

    [Fact]
    public async Task A_missing_required_member_is_named()
    {
        var answer = await _wire.SendAsync("GetItem", "{\"TableName\": \"abc\"}");

        Assert.Equal("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null", answer.Message);
    }

    [Fact]
    public async Task Invalid_numbers_and_empty_sets_are_refused_and_nothing_is_written()
    {
        var name = await CreateSimpleAsync(_client, "bad");

        var notANumber = await _wire.SendAsync("PutItem", $"{{\"TableName\":\"{name}\",\"Item\":{{\"id\":{{\"S\":\"x\"}},\"n\":{{\"N\":\"abc\"}}}}}}");
        var emptySet = await _wire.SendAsync("PutItem", $"{{\"TableName\":\"{name}\",\"Item\":{{\"id\":{{\"S\":\"x\"}},\"s\":{{\"SS\":[]}}}}}}");
        var twoTypes = await _wire.SendAsync("PutItem", $"{{\"TableName\":\"{name}\",\"Item\":{{\"id\":{{\"S\":\"x\",\"N\":\"1\"}}}}}}");
        var emptyKey = await _wire.SendAsync("PutItem", $"{{\"TableName\":\"{name}\",\"Item\":{{\"id\":{{\"S\":\"\"}}}}}}");

        Assert.Equal("The parameter cannot be converted to a numeric value: abc", notANumber.Message);
        Assert.Equal("One or more parameter values were invalid: An string set  may not be empty", emptySet.Message);
        Assert.Equal("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes", twoTypes.Message);
        Assert.Equal("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id", emptyKey.Message);
        Assert.Equal(0, (await _client.ScanAsync(new ScanRequest { TableName = name })).Count);
    }

    [Fact]
    public async Task Unused_expression_values_are_refused()
    {
        var name = await CreateSimpleAsync(_client, "bad");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = new() { ["id"] = S("x") },
            ConditionExpression = "attribute_not_exists(id)",
            ExpressionAttributeValues = new() { [":unused"] = S("1") },
        }));

        Assert.Equal("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}", error.Message);
        Assert.False((await _client.GetItemAsync(name, new() { ["id"] = S("x") })).IsItemSet);
    }

    [Fact]
    public async Task Responses_carry_a_request_id_and_the_crc32_of_their_body()
    {
        var answer = await _wire.SendAsync("ListTables", "{}");

        Assert.Equal(52, answer.Response.Headers.GetValues("x-amzn-RequestId").Single().Length);
        var crc = uint.Parse(answer.Response.Headers.GetValues("x-amz-crc32").Single(), CultureInfo.InvariantCulture);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(answer.RawBody)), crc);
        Assert.Equal("application/x-amz-json-1.0", answer.Response.Content.Headers.ContentType!.MediaType);
    }
}
