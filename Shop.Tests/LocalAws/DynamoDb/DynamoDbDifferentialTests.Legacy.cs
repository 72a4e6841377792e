namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// The pre-expression parameters (Expected, ScanFilter, QueryFilter, KeyConditions, ConditionalOperator,
/// AttributeUpdates), against dynalite, which implements them as DynamoDB documents them. The AWS SDK for .NET's
/// DynamoDBContext and Document Model still send them.
/// </summary>
public sealed partial class DynamoDbDifferentialTests
{
    private static readonly string[] LegacyOperators = ["EQ", "NE", "LT", "LE", "GT", "GE", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH"];

    private static readonly string[] LegacyValues =
    [
        """{"S":"apple"}""", """{"S":"ap"}""", """{"S":"b"}""", """{"N":"12.5"}""", """{"N":"1"}""", """{"N":"50"}""",
        """{"B":"AQ=="}""", """{"B":"AQID"}""", """{"SS":["a","b"]}""", """{"NS":["2","1"]}""", """{"BS":["AQ=="]}""",
    ];

    private static readonly string[] LegacyAttributes = ["s", "n", "b", "ss", "ns", "bs", "l", "m", "t", "z", "none"];

    /// <summary>One member of a legacy condition map: <c>"attribute":{"ComparisonOperator":…,"AttributeValueList":[values]}</c>.</summary>
    private static string Condition(string attribute, string op, string values = "") =>
        "\"" + attribute + "\":{\"ComparisonOperator\":\"" + op + "\",\"AttributeValueList\":[" + values + "]}";

    /// <summary>Items with an attribute of every type, each named for its type; "none" is in no item.</summary>
    private async Task PutLegacyItemsAsync()
    {
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"i1"},"s":{"S":"apple"},"n":{"N":"12.5"},"b":{"B":"AQID"},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2"]},"bs":{"BS":["AQ=="]},"l":{"L":[{"S":"a"},{"N":"1"},{"B":"AQ=="}]},"m":{"M":{"x":{"S":"a"}}},"t":{"BOOL":true},"z":{"NULL":true}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"i2"},"s":{"S":"banana"},"n":{"N":"-3"},"b":{"B":"AA=="},"ss":{"SS":["c"]},"ns":{"NS":["7"]},"bs":{"BS":["AA==","AQID"]},"l":{"L":[{"S":"b"}]},"m":{"M":{}},"t":{"BOOL":false}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"i3"},"s":{"S":"ap"},"n":{"N":"100"},"b":{"B":"AQ=="},"ss":{"SS":["a"]},"ns":{"NS":["1"]},"l":{"L":[]}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"i4"}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"i5"},"s":{"S":"Apple"},"n":{"N":"1"},"ss":{"SS":["b","a"]},"ns":{"NS":["2","1"]},"l":{"L":[{"N":"1"}]}}}""");
    }

    [Fact]
    public async Task Legacy_scan_filters_agree_for_every_operator_type_and_attribute()
    {
        _vars["table"] = Unique("legacy");
        await Both("CreateTable", SimpleTable(_vars["table"]));
        await PutLegacyItemsAsync();
        foreach (var attribute in LegacyAttributes)
        {
            foreach (var op in LegacyOperators)
            {
                foreach (var value in LegacyValues)
                {
                    _vars["condition"] = Condition(attribute, op, value);
                    await Both("Scan", """{"TableName":"%table%","ScanFilter":{%condition%}}""");
                }
            }
            _vars["attribute"] = attribute;
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"NULL"}}}""");
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"NOT_NULL","AttributeValueList":[]}}}""");
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"IN","AttributeValueList":[{"S":"apple"},{"S":"banana"}]}}}""");
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"N":"100"}]}}}""");
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"S":"a"},{"S":"b"}]}}}""");
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"-3"},{"N":"12.5"}]}}}""");
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{"%attribute%":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"B":"AA=="},{"B":"AQ=="}]}}}""");
        }
        AssertNoDifferences();
    }

    [Fact]
    public async Task Legacy_filter_checks_and_ConditionalOperator_agree()
    {
        _vars["table"] = Unique("legacy");
        await Both("CreateTable", SimpleTable(_vars["table"]));
        await PutLegacyItemsAsync();
        // AND is the default; OR matches any; a lone ConditionalOperator changes nothing.
        var two = Condition("s", "BEGINS_WITH", """{"S":"ap"}""") + "," + Condition("n", "GT", """{"N":"10"}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{""" + two + "}}");
        await Both("Scan", """{"TableName":"%table%","ConditionalOperator":"AND","ScanFilter":{""" + two + "}}");
        await Both("Scan", """{"TableName":"%table%","ConditionalOperator":"OR","ScanFilter":{""" + two + "}}");
        await Both("Scan", """{"TableName":"%table%","ConditionalOperator":"OR"}""");
        await Both("Scan", """{"TableName":"%table%","ConditionalOperator":"OR","ScanFilter":{}}""");
        await Both("Scan", """{"TableName":"%table%","ConditionalOperator":"XOR","ScanFilter":{}}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"id":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"i2"}]}},"Select":"COUNT"}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"apple"}]}},"Limit":2}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"apple"}]}},"AttributesToGet":["s"]}""");
        // The checks, one message each: number of values per operator, one type, the operator's types, BETWEEN's order,
        // each value as any attribute value, and the member types.
        foreach (var (op, values) in new[]
        {
            ("EQ", ""), ("EQ", """{"S":"a"},{"S":"b"}"""), ("NULL", """{"S":"a"}"""), ("NOT_NULL", """{"N":"1"}"""), ("IN", ""),
            ("BETWEEN", """{"N":"1"}"""), ("BETWEEN", """{"N":"1"},{"N":"2"},{"N":"3"}"""), ("BETWEEN", """{"N":"2"},{"N":"1"}"""),
            ("BETWEEN", """{"S":"b"},{"S":"a"}"""), ("BETWEEN", """{"N":"1"},{"S":"2"}"""), ("IN", """{"S":"a"},{"N":"1"}"""),
            ("IN", """{"SS":["a"]}"""), ("LT", """{"BOOL":true}"""), ("GT", """{"L":[]}"""), ("CONTAINS", """{"SS":["a"]}"""),
            ("NOT_CONTAINS", """{"NULL":true}"""), ("BEGINS_WITH", """{"N":"1"}"""), ("EQ", """{"M":{}}"""), ("NE", """{"BOOL":false}"""),
            ("EQ", """{"N":"x"}"""), ("EQ", """{"SS":[]}"""), ("EQ", """{"SS":["a","a"]}"""), ("EQ", """{"S":"a","N":"1"}"""),
        })
        {
            _vars["condition"] = Condition("s", op, values);
            await Both("Scan", """{"TableName":"%table%","ScanFilter":{%condition%}}""");
            await Both("Query", """{"TableName":"%table%","KeyConditions":{"id":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"i1"}]}},"QueryFilter":{%condition%}}""");
        }
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"AttributeValueList":[{"S":"a"}]}}}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"ComparisonOperator":"SOME"}}}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":"EQ"}}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"FilterExpression":"s = :s","ExpressionAttributeValues":{":s":{"S":"a"}}}""");
        await Both("Scan", """{"TableName":"%table%","ConditionalOperator":"OR","FilterExpression":"s = :s","ExpressionAttributeValues":{":s":{"S":"a"}}}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"ExpressionAttributeValues":{":s":{"S":"a"}}}""");
        await Both("Scan", """{"TableName":"%table%","ScanFilter":{"s":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},"ProjectionExpression":"s"}""");
        AssertNoDifferences();
    }

    [Fact]
    public async Task Legacy_expected_conditions_agree()
    {
        _vars["table"] = Unique("legacy");
        await Both("CreateTable", SimpleTable(_vars["table"]));
        await PutLegacyItemsAsync();
        _vars["item"] = """{"id":{"S":"i1"},"s":{"S":"apple"},"n":{"N":"12.5"},"b":{"B":"AQID"},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2"]},"bs":{"BS":["AQ=="]},"l":{"L":[{"S":"a"},{"N":"1"},{"B":"AQ=="}]},"m":{"M":{"x":{"S":"a"}}},"t":{"BOOL":true},"z":{"NULL":true}}""";
        foreach (var attribute in LegacyAttributes)
        {
            foreach (var op in LegacyOperators)
            {
                foreach (var value in new[] { LegacyValues[0], LegacyValues[1], LegacyValues[3], LegacyValues[7], LegacyValues[8] }.Where(v => OperatorAccepts(op, v)))
                {
                    // Writing the item it checks leaves it as it was, whichever way the condition goes.
                    _vars["condition"] = Condition(attribute, op, value);
                    await Both("PutItem", """{"TableName":"%table%","Item":%item%,"Expected":{%condition%}}""");
                }
            }
            _vars["attribute"] = attribute;
            await Both("PutItem", """{"TableName":"%table%","Item":%item%,"Expected":{"%attribute%":{"Exists":false}}}""");
            await Both("PutItem", """{"TableName":"%table%","Item":%item%,"Expected":{"%attribute%":{"Value":{"S":"apple"}}}}""");
            await Both("PutItem", """{"TableName":"%table%","Item":%item%,"Expected":{"%attribute%":{"ComparisonOperator":"NOT_NULL"}}}""");
            await Both("PutItem", """{"TableName":"%table%","Item":%item%,"Expected":{"%attribute%":{"ComparisonOperator":"IN","Value":{"N":"12.5"}}}}""");
            await Both("DeleteItem", """{"TableName":"%table%","Key":{"id":{"S":"i4"}},"Expected":{"%attribute%":{"ComparisonOperator":"NOT_NULL"}}}""");
        }
        // Missing items: nothing exists, so only NULL-like conditions hold.
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"fresh"}},"Expected":{"id":{"Exists":false}},"ReturnValues":"ALL_OLD"}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"fresh"},"v":{"N":"1"}},"Expected":{"id":{"Exists":false}}}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"fresh"},"v":{"N":"2"}},"Expected":{"v":{"Value":{"N":"1"}},"id":{"ComparisonOperator":"NOT_NULL"}},"ReturnValues":"ALL_OLD"}""");
        // dynalite decides an OR by its first condition alone; these first conditions decide it either way.
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"fresh"},"v":{"N":"3"}},"Expected":{"w":{"Exists":false},"v":{"Value":{"N":"1"}}},"ConditionalOperator":"OR"}""");
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"fresh"},"v":{"N":"4"}},"Expected":{"v":{"Value":{"N":"1"}},"w":{"ComparisonOperator":"NOT_NULL"}},"ConditionalOperator":"OR"}""");
        await Both("DeleteItem", """{"TableName":"%table%","Key":{"id":{"S":"fresh"}},"Expected":{"v":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"3"}]}},"ReturnValues":"ALL_OLD"}""");
        await Both("DeleteItem", """{"TableName":"%table%","Key":{"id":{"S":"fresh"}},"Expected":{"v":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"0"},{"N":"3"}]}},"ReturnValues":"ALL_OLD"}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"id":{"S":"fresh"}}}""");
        // The checks, each with DynamoDB's message.
        foreach (var expected in new[]
        {
            """{"v":{"Value":{"N":"1"},"AttributeValueList":[{"N":"1"}]}}""",
            """{"v":{"ComparisonOperator":"EQ","Exists":true,"Value":{"N":"1"}}}""",
            """{"v":{"ComparisonOperator":"EQ"}}""",
            """{"v":{"ComparisonOperator":"NULL","Value":{"N":"1"}}}""",
            """{"v":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]}}""",
            """{"v":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"2"},{"N":"1"}]}}""",
            """{"v":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"2"},{"S":"1"}]}}""",
            """{"v":{"ComparisonOperator":"IN","AttributeValueList":[]}}""",
            """{"v":{"AttributeValueList":[{"N":"1"}]}}""",
            """{"v":{}}""",
            """{"v":{"Exists":true}}""",
            """{"v":{"Exists":false,"Value":{"N":"1"}}}""",
            """{"v":{"Value":{"N":"x"}}}""",
            """{"v":{"Value":{"SS":[]}}}""",
            """{"v":{"Exists":"yes"}}""",
            """{"v":{"ComparisonOperator":"LIKE","AttributeValueList":[{"S":"1"}]}}""",
            """{"a":{"Exists":false},"v":{"Exists":true}}""",
        })
        {
            await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"checked"}},"Expected":""" + expected + "}");
            await Both("DeleteItem", """{"TableName":"%table%","Key":{"id":{"S":"checked"}},"Expected":""" + expected + "}");
            await Both("UpdateItem", """{"TableName":"%table%","Key":{"id":{"S":"checked"}},"Expected":""" + expected + "}");
        }
        await Both("PutItem", """{"TableName":"%table%","Item":{"id":{"S":"checked"}},"Expected":{"v":{"Exists":false}},"ConditionExpression":"attribute_not_exists(v)"}""");
        await Both("GetItem", """{"TableName":"%table%","Key":{"id":{"S":"checked"}}}""");
        AssertNoDifferences();

        // dynalite reads {"Exists": true, "Value": v} as "v exists"; DynamoDB's reference for Expected says a Value
        // alone already implies Exists true, so both forms mean "equals v".
        await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"},"v":{"N":"1"}}}"""));
        var notEqual = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"},"v":{"N":"2"}},"Expected":{"v":{"Exists":true,"Value":{"N":"5"}}}}"""));
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", notEqual.ErrorType);
        var equal = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"},"v":{"N":"2"}},"Expected":{"v":{"Exists":true,"Value":{"N":"1"}}}}"""));
        Assert.Equal(200, equal.Status);

        // OR holds when any condition holds (the ConditionalOperator reference); dynalite looks at the first alone.
        var second = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"},"v":{"N":"3"}},"Expected":{"v":{"Value":{"N":"9"}},"w":{"Exists":false}},"ConditionalOperator":"OR"}"""));
        Assert.Equal(200, second.Status);
        var neither = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"},"v":{"N":"4"}},"Expected":{"v":{"Value":{"N":"9"}},"id":{"Exists":false}},"ConditionalOperator":"OR"}"""));
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", neither.ErrorType);

        // dynalite applies the operators' value types to QueryFilter, ScanFilter and KeyConditions but not to
        // Expected, and then orders sets and finds number prefixes; the reference for ExpectedAttributeValue states
        // the same types as for Condition, and LocalAws checks them alike.
        var setOrder = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"}},"Expected":{"ss":{"ComparisonOperator":"LE","AttributeValueList":[{"SS":["a","b"]}]}}}"""));
        Assert.Equal("One or more parameter values were invalid: ComparisonOperator LE is not valid for SS AttributeValue type", setOrder.Message);
        var numberPrefix = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"exists"}},"Expected":{"n":{"ComparisonOperator":"BEGINS_WITH","Value":{"N":"12"}}}}"""));
        Assert.Equal("One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type", numberPrefix.Message);

        // ConditionalOperator belongs to the legacy parameters, so it cannot come with a ConditionExpression, as for
        // Query and Scan (dynalite's own Query tests, written against DynamoDB); dynalite's PutItem lets it by.
        var mixed = await _localAws.SendAsync("PutItem", Expand("""{"TableName":"%table%","Item":{"id":{"S":"checked"}},"ConditionalOperator":"AND","ConditionExpression":"attribute_not_exists(v)"}"""));
        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}", mixed.Message);
    }

    /// <summary>The value types the reference documents for each ComparisonOperator (Condition and ExpectedAttributeValue alike).</summary>
    private static bool OperatorAccepts(string op, string value) => op switch
    {
        "EQ" or "NE" => !value.Contains("\"L\"", StringComparison.Ordinal),
        "BEGINS_WITH" => value.StartsWith("{\"S\"", StringComparison.Ordinal) || value.StartsWith("{\"B\"", StringComparison.Ordinal),
        _ => value.StartsWith("{\"S\"", StringComparison.Ordinal) || value.StartsWith("{\"N\"", StringComparison.Ordinal) || value.StartsWith("{\"B\"", StringComparison.Ordinal),
    };

    [Fact]
    public async Task Legacy_key_conditions_agree()
    {
        var table = Unique("legacy");
        _vars["table"] = table;
        _vars["simple"] = Unique("legacy");
        await Both("CreateTable", CompositeTable(table));
        await Both("CreateTable", SimpleTable(_vars["simple"]));
        for (var i = 0; i < 12; i++)
        {
            _vars["partition"] = i < 9 ? "p" : $"q{i}";
            _vars["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _vars["g"] = i % 3 == 0 ? "three" : "other";
            _vars["l"] = (20 - i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _vars["v"] = (i * 7 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"%partition%"},"sk":{"N":"%i%"},"g":{"S":"%g%"},"l":{"S":"l%l%"},"v":{"N":"%v%"}}}""");
        }
        var partition = Condition("pk", "EQ", """{"S":"p"}""");
        string Query(string sortCondition, string extra = "") =>
            """{"TableName":"%table%","KeyConditions":{""" + partition + (sortCondition.Length > 0 ? "," + sortCondition : "") + "}" + extra + "}";
        await Both("Query", Query(""));
        foreach (var (op, values) in new[]
        {
            ("EQ", """{"N":"4"}"""), ("LT", """{"N":"4"}"""), ("LE", """{"N":"4"}"""), ("GT", """{"N":"4"}"""), ("GE", """{"N":"4"}"""),
            ("BETWEEN", """{"N":"2"},{"N":"6"}"""), ("BETWEEN", """{"N":"6"},{"N":"2"}"""), ("BEGINS_WITH", """{"N":"1"}"""),
            ("NE", """{"N":"4"}"""), ("IN", """{"N":"4"}"""), ("NULL", ""), ("NOT_NULL", ""), ("CONTAINS", """{"N":"4"}"""),
            ("NOT_CONTAINS", """{"N":"4"}"""), ("EQ", """{"S":"4"}"""), ("LT", """{"N":"4"},{"N":"5"}"""),
        })
        {
            await Both("Query", Query(Condition("sk", op, values)));
        }
        await Both("Query", Query(Condition("sk", "GT", """{"N":"1"}"""), ""","ScanIndexForward":false,"Limit":3"""));
        await Both("Query", Query(Condition("sk", "GT", """{"N":"1"}"""), ""","Limit":3,"ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"4"}}"""));
        await Both("Query", Query(Condition("sk", "GT", """{"N":"5"}"""), ""","ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"4"}}"""));
        await Both("Query", Query("", ""","QueryFilter":{"v":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"5"}]}},"Select":"COUNT","Limit":6"""));
        await Both("Query", Query("", ""","QueryFilter":{"v":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"5"}]},"g":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"three"}]}},"ConditionalOperator":"OR"}"""));
        await Both("Query", Query("", ""","QueryFilter":{"sk":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"5"}]}}"""));
        await Both("Query", Query("", ""","QueryFilter":{"g":{"ComparisonOperator":"GE","AttributeValueList":[{"S":"a"}]}},"IndexName":"by-g" """).Replace("\"pk\":{", "\"g\":{", StringComparison.Ordinal).Replace("{\"S\":\"p\"}", "{\"S\":\"three\"}", StringComparison.Ordinal));
        await Both("Query", Query("", ""","FilterExpression":"sk > :s","ExpressionAttributeValues":{":s":{"N":"1"}}"""));
        await Both("Query", Query("", ""","FilterExpression":"v > :s","ExpressionAttributeValues":{":s":{"N":"1"}},"ProjectionExpression":"v, sk" """));
        await Both("Query", Query("", ""","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}"""));
        await Both("Query", Query("", ""","AttributesToGet":["sk","l"]"""));
        await Both("Query", """{"TableName":"%table%","IndexName":"by-g","KeyConditions":{"g":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"three"}]},"sk":{"ComparisonOperator":"LE","AttributeValueList":[{"N":"6"}]}}}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-l","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"l":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"l1"}]}}}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-l","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}""");
        // The key conditions' own checks: a key missed, a partition key not compared with EQ, too many conditions.
        await Both("Query", """{"TableName":"%table%","KeyConditions":{"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}""");
        await Both("Query", """{"TableName":"%table%","KeyConditions":{"pk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"p"}]}}}""");
        await Both("Query", """{"TableName":"%table%","KeyConditions":{"pk":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"p"}]}}}""");
        await Both("Query", """{"TableName":"%table%","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"v":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}""");
        await Both("Query", """{"TableName":"%table%","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]},"v":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}""");
        await Both("Query", """{"TableName":"%table%","KeyConditions":{}}""");
        await Both("Query", """{"TableName":"%simple%","KeyConditions":{"id":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},"v":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}""");
        await Both("Query", """{"TableName":"%simple%","KeyConditions":{"id":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}}}""");
        await Both("Query", """{"TableName":"no-such-table","KeyConditions":{"id":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}}}""");
        AssertNoDifferences();
    }

    [Fact]
    public async Task Legacy_attribute_updates_agree()
    {
        var table = Unique("legacy");
        _vars["table"] = table;
        await Both("CreateTable", CompositeTable(table));
        await Both("PutItem", """{"TableName":"%table%","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"n":{"N":"10"},"ss":{"SS":["a","b","c"]},"ns":{"NS":["1"]},"l":{"L":[{"S":"x"}]},"s":{"S":"text"}}}""");
        const string key = """{"pk":{"S":"a"},"sk":{"N":"1"}}""";
        string Update(string updates, string extra = "") => """{"TableName":"%table%","Key":""" + key + ""","AttributeUpdates":""" + updates + extra + "}";
        await Both("UpdateItem", Update("""{"s":{"Action":"PUT","Value":{"S":"new"}},"n":{"Action":"ADD","Value":{"N":"-2.5"}}}""", ""","ReturnValues":"UPDATED_OLD" """));
        await Both("UpdateItem", Update("""{"fresh":{"Value":{"N":"7"}},"ss":{"Action":"DELETE","Value":{"SS":["b","z"]}}}""", ""","ReturnValues":"UPDATED_NEW" """));
        await Both("UpdateItem", Update("""{"ss":{"Action":"ADD","Value":{"SS":["c","d"]}},"ns":{"Action":"ADD","Value":{"NS":["2","1"]}},"l":{"Action":"ADD","Value":{"L":[{"N":"1"},{"S":"x"}]}}}""", ""","ReturnValues":"ALL_NEW" """));
        await Both("UpdateItem", Update("""{"ss":{"Action":"DELETE","Value":{"SS":["a","c","d"]}},"gone":{"Action":"DELETE"},"s":{"Action":"DELETE"}}""", ""","ReturnValues":"ALL_OLD" """));
        await Both("UpdateItem", Update("""{"count":{"Action":"ADD","Value":{"N":"1"}},"set":{"Action":"ADD","Value":{"BS":["AQ=="]}},"list":{"Action":"ADD","Value":{"L":[]}}}""", ""","ReturnValues":"UPDATED_NEW" """));
        await Both("UpdateItem", Update("""{"missing":{"Action":"DELETE","Value":{"NS":["1"]}}}""", ""","ReturnValues":"ALL_NEW" """));
        await Both("UpdateItem", Update("""{}""", ""","ReturnValues":"ALL_NEW" """));
        // Type mismatches on the item, keys and index keys, and a condition that fails: each refused, nothing written.
        await Both("UpdateItem", Update("""{"n":{"Action":"ADD","Value":{"NS":["1"]}}}"""));
        await Both("UpdateItem", Update("""{"ns":{"Action":"ADD","Value":{"N":"1"}}}"""));
        await Both("UpdateItem", Update("""{"l":{"Action":"DELETE","Value":{"SS":["x"]}}}"""));
        await Both("UpdateItem", Update("""{"ns":{"Action":"DELETE","Value":{"SS":["1"]}}}"""));
        await Both("UpdateItem", Update("""{"sk":{"Action":"PUT","Value":{"N":"2"}}}"""));
        await Both("UpdateItem", Update("""{"pk":{"Action":"DELETE"}}"""));
        await Both("UpdateItem", Update("""{"g":{"Action":"PUT","Value":{"N":"2"}}}"""));
        await Both("UpdateItem", Update("""{"n":{"Action":"PUT","Value":{"N":"99"}}}""", ""","Expected":{"n":{"ComparisonOperator":"LT","AttributeValueList":[{"N":"0"}]}},"ReturnValues":"ALL_NEW" """));
        await Both("UpdateItem", Update("""{"n":{"Action":"PUT","Value":{"N":"99"}}}""", ""","Expected":{"n":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"0"}]},"zz":{"Exists":false}},"ReturnValues":"UPDATED_NEW" """));
        await Both("GetItem", """{"TableName":"%table%","Key":""" + key + "}");
        // New items: PUT and ADD create them.
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"b"},"sk":{"N":"1"}},"AttributeUpdates":{"n":{"Action":"ADD","Value":{"N":"5"}},"g":{"Value":{"S":"gsi"}}},"ReturnValues":"ALL_NEW"}""");
        await Both("UpdateItem", """{"TableName":"%table%","Key":{"pk":{"S":"c"},"sk":{"N":"1"}},"AttributeUpdates":{"ss":{"Action":"ADD","Value":{"SS":["x"]}}},"ReturnValues":"UPDATED_OLD"}""");
        await Both("Query", """{"TableName":"%table%","IndexName":"by-g","KeyConditions":{"g":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"gsi"}]}}}""");
        // The checks on AttributeUpdates itself, each with DynamoDB's message.
        foreach (var updates in new[]
        {
            """{"v":{"Action":"PUT"}}""", """{"v":{"Action":"ADD"}}""", """{"v":{}}""", """{"v":{"Action":"DELETE","Value":{"S":"a"}}}""",
            """{"v":{"Action":"DELETE","Value":{"L":[]}}}""", """{"v":{"Action":"ADD","Value":{"S":"a"}}}""", """{"v":{"Action":"ADD","Value":{"M":{}}}}""",
            """{"v":{"Action":"ADD","Value":{"BOOL":true}}}""", """{"v":{"Action":"PUT","Value":{"N":"x"}}}""", """{"v":{"Action":"PUT","Value":{"SS":[]}}}""",
            """{"v":"PUT"}""",
        })
        {
            await Both("UpdateItem", Update(updates));
        }
        await Both("UpdateItem", Update("""{"v":{"Value":{"S":"a"}}}""", ""","UpdateExpression":"SET w = :w","ExpressionAttributeValues":{":w":{"S":"b"}}"""));
        await Both("UpdateItem", Update("""{"v":{"Value":{"S":"a"}}}""", ""","ConditionExpression":"attribute_exists(pk)"""));
        await Both("GetItem", """{"TableName":"%table%","Key":""" + key + "}");
        AssertNoDifferences();

        // dynalite ignores an Action outside the enum (and does nothing); DynamoDB's model checks it like any enum.
        var replace = await _localAws.SendAsync("UpdateItem", Expand(Update("""{"v":{"Action":"REPLACE","Value":{"S":"a"}}}""")));
        Assert.Equal("1 validation error detected: Value 'REPLACE' at 'attributeUpdates.v.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]", replace.Message);
    }
}
