using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// The same request sequences go to LocalAws and to dynalite 4 (an independent DynamoDB emulator whose messages
/// follow AWS word for word); status, error type, message and body must agree once volatile fields (ids, times,
/// ARNs) are set aside. Where dynalite departs from AWS, the step says so and what LocalAws answers instead.
/// </summary>
public sealed partial class DynamoDbDifferentialTests(DynaliteFixture fixture, ITestOutputHelper output) : IClassFixture<DynaliteFixture>
{
    private readonly DynamoDbWire _localAws = new(fixture.CreateHttpClient());
    private readonly DynamoDbWire _dynalite = new(new HttpClient { BaseAddress = fixture.DynaliteUrl });
    private readonly List<string> _differences = [];
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);

    /// <summary>Replaces %name% placeholders (table names, loop values); %bad% is a fresh unused table name each time.</summary>
    private string Expand(string body)
    {
        foreach (var (name, value) in _vars)
        {
            body = body.Replace($"%{name}%", value, StringComparison.Ordinal);
        }
        while (body.Contains("%bad%", StringComparison.Ordinal))
        {
            var at = body.IndexOf("%bad%", StringComparison.Ordinal);
            body = body[..at] + Unique("bad") + body[(at + 5)..];
        }
        return body;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Sends one request to both and records any difference; returns LocalAws's answer.</summary>
    private async Task<WireAnswer> Both(string operation, string body, Func<JsonNode?, JsonNode?>? normalise = null)
    {
        body = Expand(body);
        var ours = await _localAws.SendAsync(operation, body);
        var theirs = await _dynalite.SendAsync(operation, body);
        var step = $"{operation} {Shorten(body)}";
        if (ours.Status != theirs.Status)
        {
            _differences.Add($"{step}: status {ours.Status} vs dynalite {theirs.Status} ({ours.RawBody} | {theirs.RawBody})");
            return ours;
        }
        if (operation == "CreateTable" && theirs.Status == 200)
        {
            await _dynalite.WaitUntilActiveAsync(theirs.Body!["TableDescription"]!["TableName"]!.GetValue<string>());
        }
        var a = Normalise(ours.Body, normalise);
        var b = Normalise(theirs.Body, normalise);
        if (ours.Status != 200 && ours.ErrorCode == theirs.ErrorCode && DynaliteEra.Explains(ours.Message, theirs.Message) is { } change)
        {
            output.WriteLine($"{step}: DynamoDB's answer has changed since dynalite ({change}):\n  LocalAws: {ours.Message}\n  dynalite: {theirs.Message}");
            return ours;
        }
        if (!JsonNode.DeepEquals(a, b))
        {
            _differences.Add($"{step}:\n  LocalAws: {a?.ToJsonString()}\n  dynalite: {b?.ToJsonString()}");
        }
        return ours;
    }

    private void AssertNoDifferences()
    {
        foreach (var difference in _differences)
        {
            output.WriteLine(difference);
        }
        Assert.True(_differences.Count == 0, string.Join("\n", _differences));
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "TableId", "CreationDateTime", "TableArn", "IndexArn", "LastUpdateToPayPerRequestDateTime", "LastIncreaseDateTime", "LastDecreaseDateTime",
        // dynalite-only or AWS-only descriptive members that say nothing about behaviour:
        "TableThroughputModeSummary", "DeletionProtectionEnabled", "WarmThroughput",
        // AWS refreshes these about every six hours; dynalite and LocalAws both keep them live, but count differently.
        "TableSizeBytes", "IndexSizeBytes",
    };

    private static JsonNode? Normalise(JsonNode? node, Func<JsonNode?, JsonNode?>? extra)
    {
        var copy = node?.DeepClone();
        Strip(copy);
        if (copy is JsonObject error && error["Message"] is { } capital && error["message"] is null)
        {
            // Coral's serialization errors say "Message"; compare them with the same key either way.
            error.Remove("Message");
            error["message"] = capital;
        }
        return extra is null ? copy : extra(copy);
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(Volatile.Contains).ToList())
                {
                    obj.Remove(name);
                }
                foreach (var (_, child) in obj)
                {
                    Strip(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }
                break;
        }
    }

    private static string CompositeTable(string name) => ("""
        {"TableName":"%name%","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"},{"AttributeName":"l","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "GlobalSecondaryIndexes":[{"IndexName":"by-g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],
         "LocalSecondaryIndexes":[{"IndexName":"by-l","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"l","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}
        """).Replace("%name%", name, StringComparison.Ordinal);

    private static string SimpleTable(string name) =>
        """{"TableName":"%name%","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}""".Replace("%name%", name, StringComparison.Ordinal);

    /// <summary>dynalite answers CreateTable with status CREATING even with --createTableMs 0, as AWS does; both are compared as they are.</summary>
    [Fact]
    public async Task Table_lifecycle_answers_agree()
    {
        var composite = Unique("diff");
        var simple = Unique("diff");
        _vars["composite"] = composite;
        _vars["simple"] = simple;
        await Both("CreateTable", CompositeTable(composite));
        await Both("CreateTable", SimpleTable(simple));
        await Both("DescribeTable", """{"TableName":"%composite%"}""");
        await Both("DescribeTable", """{"TableName":"%simple%"}""");
        await Both("DescribeTable", """{"TableName":"no-such-table"}""");
        // A table without time to live (dynalite knows no other kind), and the request's checks.
        await Both("DescribeTimeToLive", """{"TableName":"%composite%"}""");
        await Both("DescribeTimeToLive", """{"TableName":"no-such-table"}""");
        await Both("DescribeTimeToLive", """{"TableName":"ab"}""");
        await Both("DescribeTimeToLive", """{}""");
        await Both("DescribeTimeToLive", """{"TableName":"x!y"}""");
        await Both("DeleteTable", """{"TableName":"no-such-table"}""");
        await Both("DescribeTable", """{"TableName":"ab"}""");
        await Both("CreateTable", """{"TableName":"x;y","AttributeDefinitions":[],"KeySchema":[]}""");
        await Both("CreateTable", """{"TableName":"%bad%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"RANGE"}]}""");
        await Both("CreateTable", """{"TableName":"%bad%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}""");
        await Both("CreateTable", """{"TableName":"%bad%","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}""");
        await Both("CreateTable", """{"TableName":"%bad%","BillingMode":"PAY_PER_REQUEST","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1},"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}""");
        await Both("CreateTable", """{"TableName":"%bad%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}""");
        // Found by the mutation tests: an index's KeyType is checked as "Invalid KeySchema", not against the enum; a
        // tagging request without a ResourceArn is "Invalid TableArn"; UntagResource needs at least one key.
        await Both("CreateTable", """{"TableName":"%bad%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"s","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"s","KeyType":"RANGE"}],"LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"s","KeyType":"SORT"}],"Projection":{"ProjectionType":"ALL"}}]}""");
        await Both("TagResource", """{"Tags":[{"Key":"k","Value":"v"}]}""");
        await Both("UntagResource", """{}""");
        await Both("ListTagsOfResource", """{}""");
        await Both("UntagResource", """{"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/%simple%","TagKeys":[]}""");
        await Both("UpdateTable", """{"TableName":"%simple%","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}""");
        await Both("UpdateTable", """{"TableName":"%simple%"}""");
        await Both("ListTables", """{"Limit":0}""");
        await Both("ListTables", """{"Limit":"5"}""");
        await Both("DeleteTable", """{"TableName":"%simple%"}""", RemoveIndexes);
        // AWS and dynalite show a deleted table as DELETING for a while; LocalAws removes it at once. Compare once dynalite is done.
        for (var attempt = 0; attempt < 50 && (await _dynalite.SendAsync("DescribeTable", Expand("""{"TableName":"%simple%"}"""))).Status == 200; attempt++)
        {
            await Task.Delay(100);
        }
        await Both("DescribeTable", """{"TableName":"%simple%"}""");

        // dynalite answers a duplicate CreateTable with an empty message; AWS says "Table already exists: NAME".
        var duplicate = await _localAws.SendAsync("CreateTable", CompositeTable(composite));
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ResourceInUseException", duplicate.ErrorType);
        Assert.Equal("Table already exists: " + composite, duplicate.Message);
        AssertNoDifferences();
    }

    /// <summary>dynalite drops GlobalSecondaryIndexes from DeleteTable's description; AWS keeps them.</summary>
    private static JsonNode? RemoveIndexes(JsonNode? node)
    {
        (node?["TableDescription"] as JsonObject)?.Remove("GlobalSecondaryIndexes");
        return node;
    }

    [Fact]
    public async Task Item_writes_reads_and_conditions_agree()
    {
        var table = Unique("diff");
        _vars["table"] = table;
        await Both("CreateTable", CompositeTable(table));
        _vars["item"] = """{"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"n":{"N":"0012.500"},"ss":{"SS":["b","a"]},"m":{"M":{"l":{"L":[{"NULL":true},{"BOOL":false},{"B":"AQID"}]}}}}""";
        // Capacity of writes is compared on an item no index holds: dynalite does not count index writes, which AWS documents it does.
        await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"plain"},"sk":{"N":"0"}},"ReturnConsumedCapacity":"TOTAL"}""");
        await Both("PutItem", """{"TableName":"%table%","Item":%item%}""");
        await Both("PutItem", """{"TableName":"%table%","Item":%item%,"ReturnValues":"ALL_OLD"}""");
        await Both("PutItem", """{"TableName":"%table%","Item":%item%,"ConditionExpression":"attribute_not_exists(pk)"}""");
        await Both("PutItem", """{"TableName":"%table%","Item":%item%,"ReturnValues":"ALL_NEW"}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"a"}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"a"},"sk":{"S":"1"}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"a"},"sk":{"N":"2"},"g":{"N":"5"}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":""},"sk":{"N":"2"}}}""");
        await Both("PutItem", """{"TableName":"no-such-table","Item":{"pk":{"S":"a"}}}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConsistentRead":true,"ReturnConsumedCapacity":"INDEXES"}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ProjectionExpression":"#n, m.l[2], ss","ExpressionAttributeNames":{"#n":"n"}}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"}}}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"AttributesToGet":["n","ss","missing"]}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"AttributesToGet":["n","n"]}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"AttributesToGet":["n"],"ProjectionExpression":"n"}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"9"}},"ReturnConsumedCapacity":"TOTAL"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET n = n + :d, #new = list_append(if_not_exists(#new, :empty), :l) ADD ss :s REMOVE m","ExpressionAttributeNames":{"#new":"fresh"},"ExpressionAttributeValues":{":d":{"N":"-0.5"},":empty":{"L":[]},":l":{"L":[{"S":"z"}]},":s":{"SS":["c"]}},"ReturnValues":"ALL_NEW"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET n = :v","ConditionExpression":"n > :v","ExpressionAttributeValues":{":v":{"N":"100"}}}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET n = :v","ExpressionAttributeValues":{":v":{"N":"100"}},"ReturnValues":"UPDATED_OLD"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET pk = :v","ExpressionAttributeValues":{":v":{"S":"b"}}}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"UpdateExpression":"SET c = :v","ExpressionAttributeValues":{":v":{"N":"1"}},"ReturnValues":"UPDATED_NEW"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"UpdateExpression":"SET doc = :d","ExpressionAttributeValues":{":d":{"M":{"a":{"L":[{"N":"1"},{"N":"2"}]},"b":{"S":"x"}}}}}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"UpdateExpression":"SET doc.a[1] = :v, c = c + :v","ConditionExpression":"size(doc.a) = :two AND doc.b IN (:x, :y)","ExpressionAttributeValues":{":v":{"N":"9"},":two":{"N":"2"},":x":{"S":"x"},":y":{"S":"y"}},"ReturnValues":"UPDATED_NEW"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"UpdateExpression":"REMOVE doc.b","ReturnValues":"UPDATED_OLD"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"UpdateExpression":"SET g = :n","ExpressionAttributeValues":{":n":{"N":"1"}}}""");
        await Both("DeleteItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"ReturnValues":"ALL_OLD"}""");
        await Both("DeleteItem", """{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"ConditionExpression":"attribute_exists(pk)"}""");
        // dynalite accepts ReturnValues ALL_NEW on DeleteItem; AWS refuses everything but ALL_OLD and NONE.
        var deleteAllNew = await _localAws.SendAsync("DeleteItem", Expand("""{"TableName":"%table%","Key":{"pk":{"S":"new"},"sk":{"N":"5"}},"ReturnValues":"ALL_NEW"}"""));
        Assert.Equal("ReturnValues can only be ALL_OLD or NONE", deleteAllNew.Message);
        await Both("GetItem", """{"TableName":"%table%","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}}""");
        AssertNoDifferences();
    }

    [Fact]
    public async Task Queries_scans_and_their_pages_agree()
    {
        var table = Unique("diff");
        _vars["table"] = table;
        await Both("CreateTable", CompositeTable(table));
        for (var i = 0; i < 12; i++)
        {
            var partition = i < 9 ? "p" : $"q{i}";
            _vars["partition"] = partition;
            _vars["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _vars["g"] = i % 3 == 0 ? "three" : "other";
            _vars["l"] = (20 - i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _vars["v"] = (i * 7 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"%partition%"},"sk":{"N":"%i%"},"g":{"S":"%g%"},"l":{"S":"l%l%"},"v":{"N":"%v%"}}}""");
        }
        string Query(string extra) => """{"TableName":"%table%","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}""" + extra + "}";
        await Both("Query", Query(""));
        await Both("Query", Query(",\"ScanIndexForward\":false,\"Limit\":4"));
        await Both("Query", Query(",\"Limit\":3,\"ExclusiveStartKey\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"2\"}}"));
        await Both("Query", Query(",\"FilterExpression\":\"v >= :min\",\"Limit\":5").Replace("{\":p\":{\"S\":\"p\"}}", "{\":p\":{\"S\":\"p\"},\":min\":{\"N\":\"5\"}}", StringComparison.Ordinal));
        await Both("Query", Query(",\"Select\":\"COUNT\""));
        await Both("Query", Query(",\"AttributesToGet\":[\"v\",\"sk\"]"));
        await Both("Query", Query(",\"ProjectionExpression\":\"sk, v\""));
        await Both("Query", """{"TableName":"%table%","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"p"},":a":{"N":"2"},":b":{"N":"5"}}}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-g","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"three"}},"Limit":2}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-l","KeyConditionExpression":"pk = :p AND l < :l","ExpressionAttributeValues":{":p":{"S":"p"},":l":{"S":"l15"}}}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"nope","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}}""");
        await Both("Query", """{"TableName":"%table%"}""");
        await Both("Query", Query(",\"ExclusiveStartKey\":{\"pk\":{\"S\":\"zzz\"},\"sk\":{\"N\":\"2\"}}"));
        // With a sort key condition, the start key's sort key is checked first, and one in another partition that
        // matches it "can return at most one row" (dynalite's tests, written against DynamoDB, have both).
        string Bounded(string startKey) => """{"TableName":"%table%","KeyConditionExpression":"pk = :p AND sk < :s","ExpressionAttributeValues":{":p":{"S":"p"},":s":{"N":"5"}},"ExclusiveStartKey":""" + startKey + "}";
        await Both("Query", Bounded("""{"pk":{"S":"zzz"},"sk":{"N":"2"}}"""));
        await Both("Query", Bounded("""{"pk":{"S":"zzz"},"sk":{"N":"9"}}"""));
        await Both("Query", Bounded("""{"pk":{"S":"p"},"sk":{"N":"9"}}"""));
        await Both("Query", Bounded("""{"pk":{"S":"p"},"sk":{"N":"2"}}"""));
        // Found by the mutation tests: the key condition's placeholders are checked before the filter's; the start key
        // is checked against the table and index before the key condition is matched to the schema.
        await Both("Query", """{"TableName":"%table%","KeyConditionExpression":"pk = :p","FilterExpression":"v > :v"}""");
        await Both("Query", """{"TableName":"%table%","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"three"}},"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"0"},"g":{"S":"three"}}}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-g","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"three"}},"ExclusiveStartKey":{"pkX":{"S":"p"},"sk":{"N":"0"},"g":{"S":"three"}}}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-g","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"three"}},"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"0"},"g":{"S":""}}}""");
        await Both("Scan", """{"TableName":"%table%"}""");
        await Both("Scan", """{"TableName":"%table%","Limit":5}""");
        await Both("Scan", """{"TableName":"%table%","Segment":1,"TotalSegments":3}""");
        await Both("Scan", """{"TableName":"%table%","Segment":3,"TotalSegments":3}""");
        await Both("Scan", """{"TableName":"%table%","Segment":1}""");
        // A start key must lie in the segment scanned: partition p's is in one of two segments and, but for one chance
        // in 4,096, not in the first of a million.
        await Both("Scan", """{"TableName":"%table%","Segment":0,"TotalSegments":2,"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"2"}}}""");
        await Both("Scan", """{"TableName":"%table%","Segment":1,"TotalSegments":2,"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"2"}}}""");
        await Both("Scan", """{"TableName":"%table%","Segment":0,"TotalSegments":1000000,"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"2"}}}""");
        await Both("Scan", """{"TableName":"%table%","FilterExpression":"v < :v","ExpressionAttributeValues":{":v":{"N":"4"}}}""");

        // Number and binary partition keys: Scan order follows the hash of DynamoDB's binary key encoding.
        _vars["numbers"] = Unique("diff");
        await Both("CreateTable", """{"TableName":"%numbers%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"n","AttributeType":"N"}],"KeySchema":[{"AttributeName":"n","KeyType":"HASH"}]}""");
        foreach (var n in new[] { "0", "1", "-1", "12.5", "-0.001", "1e20", "99999999999999999999999999999999999999", "-123456.789", "7", "100" })
        {
            _vars["n"] = n;
            await Both("PutItem", """{"TableName":"%numbers%","Item":{"n":{"N":"%n%"}}}""");
        }
        await Both("Scan", """{"TableName":"%numbers%"}""");
        await Both("Scan", """{"TableName":"%numbers%","Limit":3,"ExclusiveStartKey":{"n":{"N":"7"}}}""");
        _vars["binaries"] = Unique("diff");
        await Both("CreateTable", """{"TableName":"%binaries%","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"b","AttributeType":"B"}],"KeySchema":[{"AttributeName":"b","KeyType":"HASH"}]}""");
        foreach (var b in new[] { "AA==", "AQ==", "/w==", "AQID", "3q2+7w==" })
        {
            _vars["b"] = b;
            await Both("PutItem", """{"TableName":"%binaries%","Item":{"b":{"B":"%b%"}}}""");
        }
        await Both("Scan", """{"TableName":"%binaries%"}""");
        AssertNoDifferences();
    }

    [Fact]
    public async Task Batch_operations_agree()
    {
        var table = Unique("diff");
        _vars["table"] = table;
        await Both("CreateTable", SimpleTable(table));
        var puts = string.Join(",", Enumerable.Range(0, 5).Select(i => """{"PutRequest":{"Item":{"id":{"S":"iNUM"},"v":{"N":"NUM"}}}}""".Replace("NUM", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        _vars["puts"] = puts;
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[%puts%]},"ReturnConsumedCapacity":"TOTAL"}""");
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[{"DeleteRequest":{"Key":{"id":{"S":"i0"}}}},{"DeleteRequest":{"Key":{"id":{"S":"i0"}}}}]}}""");
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[{"DeleteRequest":{"Key":{"id":{"S":"i0"}}}},{"PutRequest":{"Item":{"nokey":{"S":"x"}}}}]}}""");
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[]}}""");
        await Both("BatchWriteItem", """{"RequestItems":{"no-such-table":[{"DeleteRequest":{"Key":{"id":{"S":"i0"}}}}]}}""");
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[{"DeleteRequest":{"Key":{"id":{"S":"i1"}}}}]}}""");
        await Both("BatchGetItem", """{"RequestItems":{"%table%":{"Keys":[{"id":{"S":"i0"}},{"id":{"S":"i1"}},{"id":{"S":"i4"}}],"ProjectionExpression":"v"}},"ReturnConsumedCapacity":"TOTAL"}""", SortResponses);
        await Both("BatchGetItem", """{"RequestItems":{"%table%":{"Keys":[{"id":{"S":"i0"}},{"id":{"S":"i0"}}]}}}""");
        await Both("BatchGetItem", """{"RequestItems":{}}""");
        // Found by the mutation tests: a request with neither known member is empty, not skipped; a scalar where a
        // generic collection belongs fails Java's deserializer with its own message.
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[{"putRequest":{"Item":{"id":{"S":"i9"}}}}]}}""");
        await Both("BatchGetItem", """{"RequestItems":{"%table%":{"Keys":[{"id":{"S":"i0"}},5]}}}""");
        await Both("BatchWriteItem", """{"RequestItems":{"%table%":[%puts%],"other":1}}""");
        AssertNoDifferences();
    }

    /// <summary>dynalite shuffles BatchGetItem responses on purpose (AWS promises no order), so they are compared sorted.</summary>
    private static JsonNode? SortResponses(JsonNode? node)
    {
        if (node?["Responses"] is JsonObject responses)
        {
            foreach (var name in responses.Select(p => p.Key).ToList())
            {
                var sorted = responses[name]!.AsArray().Select(i => i!.ToJsonString()).Order(StringComparer.Ordinal).Select(s => JsonNode.Parse(s)).ToArray();
                responses[name] = new JsonArray(sorted);
            }
        }
        return node;
    }

    [Fact]
    public async Task Malformed_requests_get_the_same_errors()
    {
        var table = Unique("diff");
        _vars["table"] = table;
        await Both("CreateTable", SimpleTable(table));
        await Both("PutItem", "{not json");
        await Both("PutItem", "[]");
        await Both("NoSuchOperation", "{}");
        await Both("PutItem", """{"TableName":1}""");
        await Both("PutItem", """{"TableName":"abc","Item":[]}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":"x"}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"S":["x"]}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"BOOL":"maybe"}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"B":"AQI"}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"N":"1e999"}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"N":"12345678901234567890123456789012345678901"}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"NS":["1","1.0"]}}}""");
        await Both("PutItem", """{"TableName":"abc","Item":{"id":{"NULL":false}}}""");
        await Both("PutItem", """{"TableName":"ab","Item":{}}""");
        await Both("PutItem", """{"TableName":"abc\n","Item":{}}""");
        await Both("PutItem", """{"TableName":"abc","ReturnValues":"SOME","ReturnConsumedCapacity":"ALL","Item":{}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"x"}},"ConditionExpression":"a = :a","ExpressionAttributeValues":{":a":{"S":"1"},":b":{"S":"2"}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"x"}},"ConditionExpression":"a = :missing"}""");
        // A syntax error: dynalite words it as its PEG parser does; LocalAws as AWS does ("Syntax error; token: ..., near: ...").
        var syntax = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"x"}},"ConditionExpression":"a = = b"}"""));
        Assert.StartsWith("Invalid ConditionExpression: Syntax error; token: ", syntax.Message, StringComparison.Ordinal);
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"x"}},"ExpressionAttributeNames":{"#a":"a"}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"x"}},"Expected":{"id":{"Exists":false}},"ConditionExpression":"attribute_not_exists(id)"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"id":{"S":"x"}},"UpdateExpression":"SET a = :a"}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"id":{"N":"1"}}}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{}}""");
        await Both("Scan", """{"TableName":"abc","Limit":0,"Segment":-1,"TotalSegments":0,"Select":"NONE"}""");
        await Both("Scan", """{"TableName":"%table%","Segment":2,"TotalSegments":2}""");
        await Both("Scan", """{"TableName":"%table%","ExclusiveStartKey":{"id":{"S":"x"},"other":{"S":"y"}}}""");
        // A member named twice counts with its last value; an escaped member name is the name it spells.
        await Both("PutItem", """{"TableName":"ab","TableName":"%table%","Item":{"id":{"S":"twice"}}}""");
        await Both("PutItem", """{"TableName":"%table%","TableName":"ab","Item":{"id":{"S":"twice"}}}""");
        await Both("PutItem", """{"Table\u004eame":"%table%","Item":{"id":{"S":"escaped"}}}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"id":{"S":"escaped"}}}""");
        AssertNoDifferences();
    }
}
