using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// Valid requests of every item and read operation, each changed in one random place (a member removed, renamed or
/// added; a value replaced by one of another type, length or sign), sent to LocalAws and to dynalite, whose
/// validation messages follow AWS word for word: status, error type and message must agree.
/// </summary>
public sealed class DynamoDbRequestMutationTests(DynaliteFixture fixture, ITestOutputHelper output) : IClassFixture<DynaliteFixture>
{
    private readonly DynamoDbWire _localAws = new(fixture.CreateHttpClient());
    private readonly DynamoDbWire _dynalite = new(new HttpClient { BaseAddress = fixture.DynaliteUrl });

    private static readonly JsonNode[] Replacements =
    [
        JsonValue.Create("text"), JsonValue.Create(""), JsonValue.Create(new string('a', 300)), JsonValue.Create(5),
        JsonValue.Create(-1), JsonValue.Create(1.5), JsonValue.Create(0), JsonValue.Create(true), new JsonObject(), new JsonArray(),
        new JsonObject { ["S"] = "x" }, new JsonObject { ["N"] = "x" }, new JsonArray(JsonValue.Create("a")), JsonValue.Create(100000),
    ];

    private static IEnumerable<(string Operation, string Body)> BaseRequests(string table) =>
    [
        ("PutItem", $$$"""{"TableName":"{{{table}}}","Item":{"pk":{"S":"p"},"sk":{"N":"1"},"g":{"S":"g"},"v":{"N":"5"},"s":{"SS":["a","b"]}},"ConditionExpression":"attribute_not_exists(v) OR v < :max","ExpressionAttributeValues":{":max":{"N":"10"}},"ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL"}"""),
        ("GetItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"p"},"sk":{"N":"1"}},"ConsistentRead":true,"ProjectionExpression":"#v, s","ExpressionAttributeNames":{"#v":"v"},"ReturnConsumedCapacity":"INDEXES"}"""),
        ("UpdateItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"p"},"sk":{"N":"1"}},"UpdateExpression":"SET v = v + :one ADD s :more","ConditionExpression":"attribute_exists(pk)","ExpressionAttributeValues":{":one":{"N":"1"},":more":{"SS":["c"]}},"ReturnValues":"UPDATED_NEW"}"""),
        ("DeleteItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"gone"},"sk":{"N":"9"}},"ConditionExpression":"attribute_not_exists(pk)","ReturnValues":"ALL_OLD"}"""),
        ("Query", $$$"""{"TableName":"{{{table}}}","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","FilterExpression":"v > :zero","ExpressionAttributeValues":{":p":{"S":"p"},":a":{"N":"0"},":b":{"N":"9"},":zero":{"N":"0"}},"Limit":5,"ScanIndexForward":false,"Select":"ALL_ATTRIBUTES"}"""),
        ("Query", $$$$"""{"TableName":"{{{{table}}}}","IndexName":"by-g","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"g"}},"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"0"},"g":{"S":"g"}}}"""),
        ("Scan", $$$"""{"TableName":"{{{table}}}","FilterExpression":"contains(s, :a)","ProjectionExpression":"pk, sk, s","ExpressionAttributeValues":{":a":{"S":"a"}},"Segment":1,"TotalSegments":2,"Limit":10}"""),
        ("BatchGetItem", $$$"""{"RequestItems":{"{{{table}}}":{"Keys":[{"pk":{"S":"p"},"sk":{"N":"1"}},{"pk":{"S":"q"},"sk":{"N":"2"}}],"ProjectionExpression":"pk, v","ConsistentRead":false}},"ReturnConsumedCapacity":"TOTAL"}"""),
        ("BatchWriteItem", $$$$$"""{"RequestItems":{"{{{{{table}}}}}":[{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"1"},"v":{"N":"2"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"b"},"sk":{"N":"3"}}}}]},"ReturnItemCollectionMetrics":"SIZE"}"""),
        ("DescribeTable", $$$"""{"TableName":"{{{table}}}"}"""),
        ("ListTables", """{"Limit":5}"""),
        ("ListTables", """{"ExclusiveStartTableName":"mut-0","Limit":100}"""),
        ("UpdateItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"q"},"sk":{"N":"2"}},"UpdateExpression":"REMOVE #old DELETE s :gone SET #l = list_append(if_not_exists(#l, :empty), :more)","ExpressionAttributeNames":{"#old":"old","#l":"l"},"ExpressionAttributeValues":{":gone":{"SS":["a"]},":empty":{"L":[]},":more":{"L":[{"N":"1"}]}},"ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL","ReturnItemCollectionMetrics":"SIZE"}"""),
        ("GetItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"p"},"sk":{"N":"1"}},"AttributesToGet":["v","s"]}"""),
        ("Scan", $$$"""{"TableName":"{{{table}}}","Select":"COUNT","ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"1"}},"ConsistentRead":true}"""),
        ("Scan", $$$"""{"TableName":"{{{table}}}","IndexName":"by-g","Select":"ALL_PROJECTED_ATTRIBUTES","Limit":3}"""),
        ("Query", $$$"""{"TableName":"{{{table}}}","KeyConditionExpression":"#p = :p AND begins_with(#s, :s)","ExpressionAttributeNames":{"#p":"pk","#s":"sk"},"ExpressionAttributeValues":{":p":{"S":"p"},":s":{"N":"1"}},"ProjectionExpression":"v","Select":"SPECIFIC_ATTRIBUTES","ConsistentRead":true}"""),
        ("BatchGetItem", $$$$"""{"RequestItems":{"{{{{table}}}}":{"Keys":[{"pk":{"S":"p"},"sk":{"N":"1"}}],"AttributesToGet":["v"]}}}"""),
        ("DeleteItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"b"},"sk":{"N":"1"}},"ConditionExpression":"v = :two","ExpressionAttributeValues":{":two":{"N":"2"}},"ReturnValues":"NONE","ReturnConsumedCapacity":"INDEXES"}"""),
        ("CreateTable", """{"TableName":"%new%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"l","AttributeType":"B"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"LocalSecondaryIndexes":[{"IndexName":"by-l","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"l","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["v"]}}]}"""),
        ("CreateTable", """{"TableName":"%new%","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"N"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},"GlobalSecondaryIndexes":[{"IndexName":"by-g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}],"Tags":[{"Key":"app","Value":"shop"}]}"""),
        ("TagResource", $$$"""{"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/{{{table}}}","Tags":[{"Key":"team","Value":"orders"},{"Key":"env","Value":"local"}]}"""),
        ("UntagResource", $$$"""{"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/{{{table}}}","TagKeys":["team"]}"""),
        ("ListTagsOfResource", $$$"""{"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/{{{table}}}"}"""),
        ("DescribeTimeToLive", $$$"""{"TableName":"{{{table}}}"}"""),
        // The legacy parameters, as the AWS SDK for .NET's DynamoDBContext and Document Model send them.
        ("PutItem", $$$"""{"TableName":"{{{table}}}","Item":{"pk":{"S":"p"},"sk":{"N":"1"},"v":{"N":"5"}},"Expected":{"v":{"Value":{"N":"5"}},"w":{"Exists":false},"s":{"ComparisonOperator":"IN","AttributeValueList":[{"S":"a"},{"S":"b"}]}},"ConditionalOperator":"AND","ReturnValues":"ALL_OLD"}"""),
        ("UpdateItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"p"},"sk":{"N":"1"}},"AttributeUpdates":{"v":{"Action":"ADD","Value":{"N":"1"}},"s":{"Action":"DELETE","Value":{"SS":["a"]}},"t":{"Action":"PUT","Value":{"S":"x"}},"old":{"Action":"DELETE"}},"Expected":{"v":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"0"}]}},"ReturnValues":"UPDATED_OLD"}"""),
        ("DeleteItem", $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"gone"},"sk":{"N":"9"}},"Expected":{"v":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"9"}]},"pk":{"ComparisonOperator":"NOT_NULL"}},"ReturnValues":"ALL_OLD"}"""),
        ("Query", $$$"""{"TableName":"{{{table}}}","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"0"},{"N":"9"}]}},"QueryFilter":{"v":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"0"}]}},"AttributesToGet":["v","s"],"Limit":5}"""),
        ("Query", $$$"""{"TableName":"{{{table}}}","IndexName":"by-g","KeyConditions":{"g":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"g"}]}},"QueryFilter":{"s":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"a"}]}},"ConditionalOperator":"AND"}"""),
        ("Scan", $$$"""{"TableName":"{{{table}}}","ScanFilter":{"s":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]},"v":{"ComparisonOperator":"NOT_NULL"}},"ConditionalOperator":"AND","Select":"ALL_ATTRIBUTES"}"""),
    ];

    [Fact]
    public async Task Requests_changed_in_one_place_get_the_same_answers()
    {
        var table = "mut-" + Guid.NewGuid().ToString("N")[..8];
        var create = $$$"""{"TableName":"{{{table}}}","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"GlobalSecondaryIndexes":[{"IndexName":"by-g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}""";
        Assert.Equal(200, (await _localAws.SendAsync("CreateTable", create)).Status);
        Assert.Equal(200, (await _dynalite.SendAsync("CreateTable", create)).Status);
        Assert.True(await _dynalite.WaitUntilActiveAsync(table), "dynalite's table did not become ACTIVE");

        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_SEED") ?? "2026", System.Globalization.CultureInfo.InvariantCulture));
        var count = int.Parse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_CASES") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        var requests = BaseRequests(table).ToArray();
        var differences = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (operation, body) = requests[random.Next(requests.Length)];
            var request = JsonNode.Parse(body.Replace("%new%", "mut-" + Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal))!;
            var change = Mutate(request, random);
            if (KillsDynalite(request, change))
            {
                continue;
            }
            var text = request.ToJsonString();
            var ours = await _localAws.SendAsync(operation, text);
            WireAnswer theirs;
            try
            {
                theirs = await _dynalite.SendAsync(operation, text);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"dynalite failed ({e.Message}) on {operation} ({change}) {text}; LocalAws answered {ours.RawBody}", e);
            }
            var (ourType, theirType) = (ours.ErrorCode, theirs.ErrorCode);
            if (DynaliteDeparts(operation, change, ours) || (ourType == theirType && DynaliteEra.Explains(ours.Message, theirs.Message) is not null))
            {
                continue;
            }
            if (ours.Status != theirs.Status || ourType != theirType || (ours.Status != 200 && !SameMessage(ours.Message, theirs.Message)))
            {
                differences.Add($"{operation} ({change}) {text}\n  LocalAws {ours.Status} {ourType}: {ours.Message}\n  dynalite {theirs.Status} {theirType}: {theirs.Message}");
            }
        }
        foreach (var difference in differences)
        {
            output.WriteLine(difference);
        }
        Assert.True(differences.Count == 0, $"{differences.Count} of {count} requests differ:\n" + string.Join("\n", differences.Take(15)));
    }

    /// <summary>
    /// dynalite's process dies on a tag without a value (DynamoDB: "Member must not be null"), and on an invalid value
    /// in an Expected entry with a ComparisonOperator, which it compares without checking it first.
    /// </summary>
    private static bool KillsDynalite(JsonNode request, string change) =>
        (request["Tags"] is JsonArray tags && tags.Any(tag => tag is JsonObject t && (t["Value"] is null || t["Key"] is null)))
        || System.Text.RegularExpressions.Regex.IsMatch(change, @"\$\.Expected\.\w+\.(AttributeValueList|Value)[\[.]");

    /// <summary>
    /// Where dynalite departs from DynamoDB, LocalAws answers as DynamoDB does, and the test skips the request:
    /// <list type="bullet">
    /// <item>an empty string or binary as a secondary index key is refused ("A value specified for a secondary index
    /// key is not supported"); dynalite stores the item;</item>
    /// <item>a provisioned table's global secondary index needs its own ProvisionedThroughput; dynalite does not ask;</item>
    /// <item>CreateTable's Tags and Scan's ConsistentRead (newer than dynalite, which drops the members unread), and
    /// the API reference's length constraints on tag keys, tag values and ResourceArn, which dynalite does not check;</item>
    /// <item>a Scan of a table (no IndexName) with Select ALL_PROJECTED_ATTRIBUTES is refused, as a Query's is;
    /// dynalite checks only the Query;</item>
    /// <item>Select SPECIFIC_ATTRIBUTES without a projection is refused (DynamoDB, as the dynamodb-conformance suite
    /// records it); dynalite answers it;</item>
    /// <item>a ResourceArn that is no ARN at all is an invalid TableArn today (the same suite); dynalite, from an older
    /// DynamoDB, refuses it as AccessDenied;</item>
    /// <item>an AttributeUpdates Action outside [ADD, PUT, DELETE] is refused like any enum; dynalite ignores it;</item>
    /// <item>an Expected comparison with a value type its operator does not take is refused, as for QueryFilter and
    /// ScanFilter (the reference states the same types for both); dynalite evaluates it;</item>
    /// <item>ConditionalOperator with a ConditionExpression is refused as mixing legacy and expression parameters;
    /// dynalite refuses it only for Query and Scan;</item>
    /// <item>a second CreateTable of one name is "Table already exists: NAME"; dynalite's message is empty.</item>
    /// </list>
    /// </summary>
    private static bool DynaliteDeparts(string operation, string change, WireAnswer ours) =>
        (operation == "Scan" && (change.Contains("$.ConsistentRead", StringComparison.Ordinal)
            || ours.Message?.Contains("Select type ALL_PROJECTED_ATTRIBUTES is only valid", StringComparison.Ordinal) == true)) ||
        ours.Message?.Contains("A value specified for a secondary index key is not supported", StringComparison.Ordinal) == true
        || ours.Message?.StartsWith("One or more parameter values were invalid: ProvisionedThroughput must be specified for index", StringComparison.Ordinal) == true
        || (operation == "CreateTable" && change.Contains("$.Tags", StringComparison.Ordinal))
        || ours.Message?.Contains("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", StringComparison.Ordinal) == true
        || (ours.Message?.StartsWith("Invalid TableArn: Invalid ResourceArn provided as input ", StringComparison.Ordinal) == true && !change.Contains("arn:", StringComparison.Ordinal))
        || System.Text.RegularExpressions.Regex.IsMatch(ours.Message ?? "", @"^1 validation error detected: .* at '(tags\.|resourceArn|attributeUpdates\.[^']*\.member\.action')")
        || (change.Contains("$.Expected.", StringComparison.Ordinal) && ours.Message?.EndsWith(" AttributeValue type", StringComparison.Ordinal) == true)
        || (ours.Message?.StartsWith("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator}", StringComparison.Ordinal) == true
            && operation is "PutItem" or "UpdateItem" or "DeleteItem")
        || (operation == "CreateTable" && ours.Message?.StartsWith("Table already exists: ", StringComparison.Ordinal) == true);

    /// <summary>
    /// Messages agree word for word, but for syntax errors in expressions (dynalite words them as its parser
    /// generator does, AWS and LocalAws name the token and what is near it) and the user named in AccessDenied.
    /// </summary>
    private static bool SameMessage(string? ours, string? theirs)
    {
        // The principal refused access is each emulator's own.
        theirs = theirs?.Replace(":dynalite is not authorized", ":user/localaws is not authorized", StringComparison.Ordinal);
        var syntax = System.Text.RegularExpressions.Regex.Match(theirs ?? "", "^Invalid [A-Za-z]+: Syntax error;");
        return syntax.Success ? (ours ?? "").StartsWith(syntax.Value + " token: ", StringComparison.Ordinal) : ours == theirs;
    }

    /// <summary>Changes the request in one random place and says where and how.</summary>
    private static string Mutate(JsonNode request, Random random)
    {
        var places = new List<JsonNode>();
        Collect(request, places);
        var place = places[random.Next(places.Count)];
        var kind = random.Next(4);
        var path = place.GetPath();
        if (place.Parent is JsonObject parent)
        {
            var name = place.GetPropertyName();
            switch (kind)
            {
                case 0:
                    parent.Remove(name);
                    return $"removed {path}";
                case 1:
                    parent.Remove(name);
                    parent[char.ToLowerInvariant(name[0]) + name[1..] + (char.IsLower(name[0]) ? "X" : "")] = place;
                    return $"renamed {path}";
                case 2:
                    parent["Unexpected"] = JsonValue.Create(1);
                    return $"added a member beside {path}";
            }
            var replacement = Replacements[random.Next(Replacements.Length)].DeepClone();
            parent[name] = replacement;
            return $"replaced {path} with {replacement.ToJsonString()}";
        }
        if (place.Parent is JsonArray array)
        {
            var index = array.IndexOf(place);
            if (kind == 0)
            {
                array.RemoveAt(index);
                return $"removed {path}";
            }
            var replacement = Replacements[random.Next(Replacements.Length)].DeepClone();
            array[index] = replacement;
            return $"replaced {path} with {replacement.ToJsonString()}";
        }
        return "unchanged";
    }

    private static void Collect(JsonNode node, List<JsonNode> places)
    {
        if (node.Parent is not null)
        {
            places.Add(node);
        }
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, places);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, places);
                    }
                }
                break;
        }
    }
}
