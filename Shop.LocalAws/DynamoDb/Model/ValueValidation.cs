namespace Shop.LocalAws.DynamoDb.Model;

/// <summary>
/// DynamoDB validates attribute values in one of two layers depending on the operation, and their messages differ
/// for duplicate set members and an empty number (captured from AWS in four regions, 2026-10, by
/// paritysuite/dynamodb-conformance tests/tier3/error-messages/valueLayers).
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html"/>.
/// </summary>
public enum ValueValidation
{
    /// <summary>
    /// The older layer (BatchWriteItem, TransactWriteItems, TransactGetItems, Scan), which dynalite also speaks:
    /// <c>Input collection [b, a, b] contains duplicates.</c>, <c>Input collection contains duplicates</c>;
    /// expression values wrapped in "ExpressionAttributeValues contains invalid value: … for key :v".
    /// </summary>
    Legacy,

    /// <summary>
    /// The current layer (PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query):
    /// <c>Input collection ["a", "b", "b"] contains duplicates.</c>, an empty number as
    /// "The parameter cannot be converted to a numeric value: ", and no wrapper around expression values.
    /// PutItem, UpdateItem and DeleteItem also put "1 validation error detected: " in front (the caller's part).
    /// </summary>
    Current,
}
