using System.Text.Json.Nodes;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.DynamoDb;

/// <summary>
/// An error as DynamoDB answers it (code and message as AWS spells them).
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html"/>.
/// </summary>
public sealed class DynamoDbException(int statusCode, string code, string message) : AwsServiceException(statusCode, code, message)
{
    /// <summary>Extra members of the error body, e.g. <c>CancellationReasons</c> or <c>Item</c>.</summary>
    public JsonObject? ExtraFields { get; init; }

    public static DynamoDbException Validation(string message) => new(400, "ValidationException", message);

    public static DynamoDbException ConditionalCheckFailed(string message = "The conditional request failed") =>
        new(400, "ConditionalCheckFailedException", message);

    public static DynamoDbException ResourceNotFound(string message = "Requested resource not found") =>
        new(400, "ResourceNotFoundException", message);

    public static DynamoDbException ResourceInUse(string message) => new(400, "ResourceInUseException", message);

    public static DynamoDbException Serialization(string message) => new(400, "SerializationException", message);
}
