using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Ses;

/// <summary>
/// The SES v2 errors LocalAws raises, with AWS's status codes (from the service model) and AWS's messages where AWS
/// documents or is known to send them. See https://docs.aws.amazon.com/ses/latest/APIReference-V2/CommonErrors.html
/// </summary>
internal static class SesErrors
{
    public static AwsServiceException BadRequest(string message) => new(400, "BadRequestException", message);

    /// <summary>SES answers a Simple send without FromEmailAddress with this code and a null message (<c>{"message":null}</c>).</summary>
    public static AwsServiceException BadRequestWithoutMessage() => new MessagelessException(400, "BadRequestException");

    public static AwsServiceException NotFound(string message) => new(404, "NotFoundException", message);

    public static AwsServiceException AlreadyExists(string message) => new(400, "AlreadyExistsException", message);

    public static AwsServiceException MessageRejected(string message) => new(400, "MessageRejected", message);

    /// <summary>A body that is not JSON, or a member of the wrong JSON type, fails deserialization before validation.</summary>
    public static AwsServiceException Serialization(string message) => new(400, "SerializationException", message);

    /// <summary>What AWS's REST front end answers for a method and path that name no operation.</summary>
    public static AwsServiceException UnknownOperation() => new(404, "UnknownOperationException", "Unknown operation");

    /// <summary>A missing required member, in the wording of AWS's request validation.</summary>
    public static AwsServiceException MissingMember(string path) =>
        BadRequest($"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null");

    /// <summary>
    /// The sandbox's answer to an unverified sender (or recipient), listing the identities that failed.
    /// See https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-error-messages.html
    /// </summary>
    public static AwsServiceException NotVerified(string region, IEnumerable<string> identities) =>
        MessageRejected($"Email address is not verified. The following identities failed the check in region {region.ToUpperInvariant()}: {string.Join(", ", identities)}");

    /// <summary>
    /// SES v1 (the query protocol: form-encoded <c>Action=…</c> posted to <c>/</c>) signs as <c>ses</c> too, so its requests
    /// arrive here. LocalAws does not emulate v1; it answers as a query-protocol service answers an action it lacks.
    /// See https://docs.aws.amazon.com/ses/latest/APIReference/CommonErrors.html
    /// </summary>
    public static AwsServiceException InvalidQueryAction() =>
        new QueryProtocolException(400, "InvalidAction", "The action or operation requested is invalid. Verify that the action is typed correctly.");

    /// <summary>An error to write as the query protocol's XML error document rather than REST JSON.</summary>
    public sealed class QueryProtocolException(int statusCode, string code, string message) : AwsServiceException(statusCode, code, message);

    /// <summary>An error whose body carries <c>"message": null</c>, as some AWS answers do.</summary>
    public sealed class MessagelessException(int statusCode, string code) : AwsServiceException(statusCode, code, string.Empty);
}
