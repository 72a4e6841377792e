using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>One condition of a legacy map: <c>"attribute": {"ComparisonOperator": "GT", "AttributeValueList": [...]}</c>.</summary>
internal sealed record LegacyCondition(string AttributeName, string ComparisonOperator, AttributeValue[] Values);

/// <summary>
/// The pre-expression condition parameters: Expected (PutItem, UpdateItem, DeleteItem), QueryFilter and ScanFilter,
/// joined by ConditionalOperator, and a Query's KeyConditions. They are checked with DynamoDB's messages (as dynalite,
/// whose validations were written against DynamoDB, words them) and turned into the condition trees the expression
/// parameters build, so that both kinds of request are evaluated by the same code. Legacy attribute names are plain
/// top-level names: <c>a.b</c> names the attribute called "a.b", never a nested path.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
/// </summary>
internal static class LegacyConditions
{
    private const string Invalid = "One or more parameter values were invalid: ";

    /// <summary>How many values each ComparisonOperator takes (IN: one or more).</summary>
    private static int? ValueCount(string comparisonOperator) => comparisonOperator switch
    {
        "NULL" or "NOT_NULL" => 0,
        "BETWEEN" => 2,
        "IN" => null,
        _ => 1,
    };

    /// <summary>The value types each ComparisonOperator accepts (the API reference states the same for Condition and ExpectedAttributeValue).</summary>
    private static bool AcceptsType(string comparisonOperator, AttributeType type) => comparisonOperator switch
    {
        "EQ" or "NE" => type is AttributeType.S or AttributeType.N or AttributeType.B or AttributeType.SS or AttributeType.NS or AttributeType.BS,
        "BEGINS_WITH" => type is AttributeType.S or AttributeType.B,
        "NULL" or "NOT_NULL" => true,
        _ => type is AttributeType.S or AttributeType.N or AttributeType.B,
    };

    /// <summary>
    /// Reads and checks a QueryFilter, ScanFilter or KeyConditions map (null when the member is absent): each value,
    /// then the number of values for the operator, one type for all of them, the types the operator accepts, and a
    /// BETWEEN's bounds in order.
    /// </summary>
    public static List<LegacyCondition>? ReadConditions(JsonElement request, string member)
    {
        if (request.Member(member) is not { } map)
        {
            return null;
        }
        var conditions = new List<LegacyCondition>();
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                continue; // a null entry (the shape has let through nothing else) states no condition
            }
            var comparisonOperator = property.Value.String("ComparisonOperator")!;
            var values = ReadValues(property.Value.Member("AttributeValueList"));
            CheckValues(comparisonOperator, values);
            conditions.Add(new LegacyCondition(property.Name, comparisonOperator, values));
        }
        return conditions;
    }

    /// <summary>
    /// Reads and checks an Expected map (null when absent). An entry is either Value and Exists (Value alone means
    /// "equals", Exists false "does not exist") or ComparisonOperator with AttributeValueList or Value.
    /// </summary>
    public static List<LegacyCondition>? ReadExpected(JsonElement request)
    {
        if (request.Member("Expected") is not { } map)
        {
            return null;
        }
        var conditions = new List<LegacyCondition>();
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var name = property.Name;
            var entry = property.Value;
            var list = entry.Member("AttributeValueList");
            var value = entry.Member("Value");
            if (list is not null && value is not null)
            {
                throw DynamoDbException.Validation($"{Invalid}Value and AttributeValueList cannot be used together for Attribute: {name}");
            }
            if (entry.String("ComparisonOperator") is { } comparisonOperator)
            {
                if (entry.Has("Exists"))
                {
                    throw DynamoDbException.Validation($"{Invalid}Exists and ComparisonOperator cannot be used together for Attribute: {name}");
                }
                if (comparisonOperator is not ("NULL" or "NOT_NULL") && list is null && value is null)
                {
                    throw DynamoDbException.Validation($"{Invalid}Value or AttributeValueList must be used with ComparisonOperator: {comparisonOperator} for Attribute: {name}");
                }
                var values = list is not null ? ReadValues(list) : value is { } single ? [AttributeValue.ReadJson(single)] : [];
                // dynalite leaves out the operator's types here; the reference for ExpectedAttributeValue states the
                // same types per ComparisonOperator as for Condition, so LocalAws checks them alike.
                CheckValues(comparisonOperator, values);
                conditions.Add(new LegacyCondition(name, comparisonOperator, values));
                continue;
            }
            if (list is not null)
            {
                throw DynamoDbException.Validation($"{Invalid}AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}");
            }
            // "If you supply a Value all by itself, DynamoDB assumes the attribute exists: You don't have to set
            // Exists to true, because it is implied." (the Expected parameter's reference)
            bool? exists = entry.Member("Exists") is { } flag ? Protocol.WireShape.TryReadBoolean(flag, out var b) && b : null;
            if (exists is not false && value is null)
            {
                throw DynamoDbException.Validation($"{Invalid}Value must be provided when Exists is {(exists is null ? "null" : "true")} for Attribute: {name}");
            }
            if (exists is false && value is not null)
            {
                throw DynamoDbException.Validation($"{Invalid}Value cannot be used when Exists is false for Attribute: {name}");
            }
            conditions.Add(value is { } expected
                ? new LegacyCondition(name, "EQ", [AttributeValue.ReadJson(expected)])
                : new LegacyCondition(name, "NULL", []));
        }
        return conditions;
    }

    /// <summary>The conditions joined by ConditionalOperator (AND unless it says OR); null when there are none.</summary>
    public static ConditionExpression? ToCondition(List<LegacyCondition>? conditions, string? conditionalOperator)
    {
        if (conditions is null || conditions.Count == 0)
        {
            return null;
        }
        var root = ToNode(conditions[0]);
        for (var i = 1; i < conditions.Count; i++)
        {
            root = conditionalOperator == "OR" ? new OrNode(root, ToNode(conditions[i])) : new AndNode(root, ToNode(conditions[i]));
        }
        return ConditionExpression.FromTree(root);
    }

    /// <summary>One legacy condition as the expression that means the same (the developer guide's own translations).</summary>
    private static ExpressionNode ToNode(LegacyCondition condition)
    {
        var path = new PathNode(new DocumentPath([PathElement.Key(condition.AttributeName)]));
        var values = condition.Values;
        ExpressionNode Value(int i) => new ValueNode(values[i]);
        return condition.ComparisonOperator switch
        {
            "EQ" => new ComparisonNode(Comparator.Equal, path, Value(0)),
            "NE" => new ComparisonNode(Comparator.NotEqual, path, Value(0)),
            "LT" => new ComparisonNode(Comparator.Less, path, Value(0)),
            "LE" => new ComparisonNode(Comparator.LessOrEqual, path, Value(0)),
            "GT" => new ComparisonNode(Comparator.Greater, path, Value(0)),
            "GE" => new ComparisonNode(Comparator.GreaterOrEqual, path, Value(0)),
            "NULL" => new FunctionNode("attribute_not_exists", [path]),
            "NOT_NULL" => new FunctionNode("attribute_exists", [path]),
            "CONTAINS" => new FunctionNode("contains", [path, Value(0)]),
            "NOT_CONTAINS" => new NotNode(new FunctionNode("contains", [path, Value(0)])),
            "BEGINS_WITH" => new FunctionNode("begins_with", [path, Value(0)]),
            "BETWEEN" => new BetweenNode(path, Value(0), Value(1)),
            _ => new InNode(path, [.. values.Select(v => (ExpressionNode)new ValueNode(v))]),
        };
    }

    private static AttributeValue[] ReadValues(JsonElement? list)
    {
        if (list is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }
        var values = new AttributeValue[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            values[i++] = AttributeValue.ReadJson(element);
        }
        return values;
    }

    /// <summary>The number of values for the operator, one type for all of them, a type the operator accepts, a BETWEEN's bounds in order.</summary>
    private static void CheckValues(string comparisonOperator, AttributeValue[] values)
    {
        var count = ValueCount(comparisonOperator);
        if (count is { } exact ? values.Length != exact : values.Length == 0)
        {
            throw DynamoDbException.Validation($"{Invalid}Invalid number of argument(s) for the {comparisonOperator} ComparisonOperator");
        }
        foreach (var value in values)
        {
            if (value.Type != values[0].Type)
            {
                throw DynamoDbException.Validation($"{Invalid}AttributeValues inside AttributeValueList must be of same type");
            }
        }
        foreach (var value in values)
        {
            if (!AcceptsType(comparisonOperator, value.Type))
            {
                throw DynamoDbException.Validation($"{Invalid}ComparisonOperator {comparisonOperator} is not valid for {FunctionNode.TypeName(value.Type)} AttributeValue type");
            }
        }
        if (comparisonOperator == "BETWEEN" && ValueOrdering.Compare(values[0], values[1]) > 0)
        {
            throw DynamoDbException.Validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
    }
}
