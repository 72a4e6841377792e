namespace Shop.LocalAws.Protocol;

/// <summary>
/// An error as an AWS service answers it: an HTTP status, the error code AWS names (e.g. <c>ValidationException</c>,
/// <c>NoSuchKey</c>) and AWS's message. Each service's protocol layer writes it in its own wire format.
/// </summary>
public class AwsServiceException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The error code exactly as AWS spells it, without any namespace prefix.</summary>
    public string Code { get; } = code;

    /// <summary>True for 5xx errors (AWS's "Receiver" fault), false for the caller's mistakes.</summary>
    public bool IsServerFault => StatusCode >= 500;

    /// <summary>What AWS answers when the request failed on its side for a reason it does not name (our bug, not the caller's).</summary>
    public static AwsServiceException InternalFailure() =>
        new(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
}
