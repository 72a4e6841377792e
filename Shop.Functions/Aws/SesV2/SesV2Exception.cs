using System.Net;

namespace Shop.Functions.Aws.SesV2;

/// <summary>
/// An error answer of the SES v2 API: the error code AWS names (<c>MessageRejected</c>, <c>NotFoundException</c>,
/// <c>BadRequestException</c>, …), its message and the HTTP status.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/CommonErrors.html
/// </summary>
public sealed class SesV2Exception : Exception
{
    public SesV2Exception(string errorCode, string message, HttpStatusCode statusCode, string? requestId = null)
        : base($"{errorCode}: {message}")
    {
        ErrorCode = errorCode;
        ErrorMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public SesV2Exception()
        : this("Unknown", "Unknown SES v2 error.", HttpStatusCode.InternalServerError)
    {
    }

    public SesV2Exception(string message)
        : this("Unknown", message, HttpStatusCode.InternalServerError)
    {
    }

    public SesV2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "Unknown";
        ErrorMessage = message;
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>The error code exactly as AWS spells it, without namespace or URL suffix.</summary>
    public string ErrorCode { get; }

    /// <summary>AWS's message, without the code prefix that <see cref="Exception.Message"/> carries.</summary>
    public string ErrorMessage { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The x-amzn-RequestId of the failed call, to quote to AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>True for throttling and server faults, which a later attempt may get past.</summary>
    public bool IsTransient => StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;
}
