using Shop.LocalAws.DynamoDb.Protocol;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// The shapes of the pre-expression parameters (Expected, AttributesToGet, KeyConditions, QueryFilter, ScanFilter,
/// AttributeUpdates, ConditionalOperator), type-checked like any member; <see cref="LegacyConditions"/> and
/// <see cref="LegacyAttributeUpdates"/> check and apply what they mean.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
/// </summary>
internal static class LegacyShapes
{
    private static readonly string[] ComparisonOperators = ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"];
    private static readonly WireShape AttributeValueList = List(new WireShape { Kind = WireKind.AttributeValue });

    public static readonly WireShape ConditionalOperator = Str(["OR", "AND"]);

    public static readonly WireShape Expected = Map(ValueStruct("ExpectedAttributeValue",
        ("AttributeValueList", AttributeValueList),
        ("ComparisonOperator", Str(ComparisonOperators)),
        ("Exists", Bool()),
        ("Value", AttributeValueField())), "ExpectedAttributeValue");

    public static readonly WireShape Conditions = Map(ValueStruct("Condition",
        ("AttributeValueList", AttributeValueList),
        ("ComparisonOperator", Str(ComparisonOperators).With(notNull: true))), "Condition");

    public static readonly WireShape AttributesToGet = List(Str(), minLength: 1, maxLength: 255);

    public static readonly WireShape AttributeUpdates = Map(ValueStruct("AttributeValueUpdate",
        // The order DynamoDB lists them in (dynoxide's message, checked against DynamoDB by dynamodb-conformance).
        ("Action", Str(["ADD", "PUT", "DELETE"])),
        ("Value", AttributeValueField())), "AttributeValueUpdate");
}
