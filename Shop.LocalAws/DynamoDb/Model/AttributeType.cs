namespace Shop.LocalAws.DynamoDb.Model;

/// <summary>
/// The data type of a DynamoDB attribute value, named as the wire format names it.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html"/>.
/// </summary>
#pragma warning disable CA1707, CA1720 // the members are AWS's type descriptors, spelled as on the wire
public enum AttributeType
{
    S,
    N,
    B,
    BOOL,
    NULL,
    M,
    L,
    SS,
    NS,
    BS,
}
#pragma warning restore CA1707, CA1720
