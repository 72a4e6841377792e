using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Sqs.Protocol;

/// <summary>
/// An SQS error with both of its names: the JSON protocol's shape (<c>__type</c>, e.g. <c>com.amazonaws.sqs#QueueDoesNotExist</c>)
/// and the query protocol's code (<c>AWS.SimpleQueueService.NonExistentQueue</c>) that SQS also sends in the
/// <c>x-amzn-query-error</c> header so query-compatible SDKs map it.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
/// </summary>
public sealed class SqsException(int statusCode, string jsonType, string queryCode, string message)
    : AwsServiceException(statusCode, queryCode, message)
{
    /// <summary>The JSON protocol's <c>__type</c>, with its namespace.</summary>
    public string JsonType { get; } = jsonType;

    public static SqsException QueueDoesNotExist() =>
        new(400, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    public static SqsException QueueNameExists(string name) =>
        new(400, "com.amazonaws.sqs#QueueNameExists", "QueueAlreadyExists", $"A queue already exists with the same name and a different value for attribute {name}");

    public static SqsException InvalidParameterValue(string message) =>
        new(400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue", message);

    public static SqsException InvalidAttributeName(string message) =>
        new(400, "com.amazon.coral.service#InvalidAttributeName", "InvalidAttributeName", message);

    public static SqsException InvalidAttributeValue(string message) =>
        new(400, "com.amazonaws.sqs#InvalidAttributeValue", "InvalidAttributeValue", message);

    public static SqsException MissingParameter(string message) =>
        new(400, "com.amazon.coral.service#MissingRequiredParameterException", "MissingParameter", message);

    public static SqsException Serialization(string message) =>
        new(400, "com.amazon.coral.service#SerializationException", "MalformedInput", message);

    /// <summary>A JSON-protocol body that does not parse.</summary>
    public static SqsException NotJson() =>
        Serialization("Unexpected character or end of input: the request body is not valid JSON.");

    /// <summary>A JSON-protocol body that parses to something other than an object.</summary>
    public static SqsException NotAnObject() => Serialization("Start of structure or map expected.");

    public static SqsException ReceiptHandleIsInvalid(string handle) =>
        new(400, "com.amazonaws.sqs#ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not valid.");

    public static SqsException MessageNotInflight() =>
        new(400, "com.amazonaws.sqs#MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.");

    public static SqsException PurgeQueueInProgress(string queueName) =>
        new(403, "com.amazonaws.sqs#PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", $"Only one PurgeQueue operation on {queueName} is allowed every 60 seconds.");

    public static SqsException EmptyBatchRequest(string entryName) =>
        new(400, "com.amazonaws.sqs#EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", $"There should be at least one {entryName} in the request.");

    public static SqsException TooManyEntriesInBatchRequest(int count) =>
        new(400, "com.amazonaws.sqs#TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.");

    public static SqsException BatchEntryIdsNotDistinct(string id) =>
        new(400, "com.amazonaws.sqs#BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", $"Id {id} repeated.");

    public static SqsException InvalidBatchEntryId() =>
        new(400, "com.amazonaws.sqs#InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

    public static SqsException BatchRequestTooLong(long size) =>
        new(400, "com.amazonaws.sqs#BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", $"Batch requests cannot be longer than 1048576 bytes. You have sent {size} bytes.");

    public static SqsException InvalidMessageContents(string message) =>
        new(400, "com.amazonaws.sqs#InvalidMessageContents", "InvalidMessageContents", message);

    public static SqsException OverLimit(string message) =>
        new(403, "com.amazonaws.sqs#OverLimit", "OverLimit", message);

    public static SqsException ResourceNotFound(string message) =>
        new(404, "com.amazonaws.sqs#ResourceNotFoundException", "ResourceNotFoundException", message);


    /// <summary>What AWS's JSON services (Coral) answer for an X-Amz-Target they do not know.</summary>
    public static SqsException UnknownOperation() =>
        new(400, "com.amazon.coral.service#UnknownOperationException", "UnknownOperationException", string.Empty);

    /// <summary>Query protocol only: an Action SQS does not have (AWS's common error InvalidAction).</summary>
    public static SqsException InvalidAction() =>
        new(400, "com.amazonaws.sqs#InvalidAction", "InvalidAction", "The action or operation requested is invalid. Verify that the action is typed correctly.");

    /// <summary>Query protocol only: no Action at all (AWS's common error MissingAction).</summary>
    public static SqsException MissingAction() =>
        new(400, "com.amazonaws.sqs#MissingAction", "MissingAction", "The request is missing an action or a required parameter.");
}
