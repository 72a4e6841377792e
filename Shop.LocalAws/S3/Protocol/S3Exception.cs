using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>
/// An S3 error document: code, message and the extra elements S3 adds for the error (Key, BucketName, Condition, ...).
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
/// </summary>
public sealed class S3Exception(int statusCode, string code, string message, params (string Name, string Value)[] details)
    : AwsServiceException(statusCode, code, message)
{
    /// <summary>Extra elements of the error document, in the order S3 writes them.</summary>
    public IReadOnlyList<(string Name, string Value)> Details { get; } = details;

    /// <summary>Headers S3 sends with this error (e.g. <c>Allow</c> for 405).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
}

/// <summary>The S3 errors LocalAws answers with, with S3's status codes and messages word for word.</summary>
public static class S3Errors
{
    public static S3Exception NoSuchBucket(string bucket) =>
        new(404, "NoSuchBucket", "The specified bucket does not exist", ("BucketName", bucket));

    public static S3Exception NoSuchKey(string key) =>
        new(404, "NoSuchKey", "The specified key does not exist.", ("Key", key));

    public static S3Exception NoSuchUpload(string uploadId) =>
        new(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", ("UploadId", uploadId));

    public static S3Exception InvalidBucketName(string bucket) =>
        new(400, "InvalidBucketName", "The specified bucket is not valid.", ("BucketName", bucket));

    public static S3Exception BucketAlreadyOwnedByYou(string bucket) =>
        new(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", ("BucketName", bucket));

    public static S3Exception BucketNotEmpty(string bucket) =>
        new(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", ("BucketName", bucket));

    public static S3Exception InvalidArgument(string message, string name, string value) =>
        new(400, "InvalidArgument", message, ("ArgumentName", name), ("ArgumentValue", value));

    public static S3Exception InvalidRequest(string message) => new(400, "InvalidRequest", message);

    public static S3Exception InvalidRange(string range, long size) =>
        new(416, "InvalidRange", "The requested range is not satisfiable", ("RangeRequested", range), ("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static S3Exception PreconditionFailed(string condition) =>
        new(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", ("Condition", condition));

    public static S3Exception MalformedXml() =>
        new(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

    public static S3Exception BadDigestMd5(string expected, string calculated) =>
        new(400, "BadDigest", "The Content-MD5 you specified did not match what we received.", ("ExpectedDigest", expected), ("CalculatedDigest", calculated));

    public static S3Exception BadDigestChecksum(S3ChecksumAlgorithm algorithm) =>
        new(400, "BadDigest", $"The {algorithm.Name()} you specified did not match the calculated checksum.");

    public static S3Exception InvalidDigest(string contentMd5) =>
        new(400, "InvalidDigest", "The Content-MD5 you specified was invalid.", ("Content-MD5", contentMd5));

    public static S3Exception IncompleteBody() =>
        new(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");

    public static S3Exception MissingContentLength() =>
        new(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");

    public static S3Exception NotImplemented(string header) =>
        new(501, "NotImplemented", "A header you provided implies functionality that is not implemented", ("Header", header));

    public static S3Exception MethodNotAllowed(string method, string resourceType, string allowed) =>
        new(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", ("Method", method), ("ResourceType", resourceType))
        {
            Headers = [("Allow", allowed)],
        };

    public static S3Exception EntityTooSmall(long size) =>
        new(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.",
            ("ProposedSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("MinSizeAllowed", "5242880"));

    public static S3Exception InvalidPart(int partNumber, string eTag) =>
        new(400, "InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            ("PartNumber", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ETag", eTag));

    public static S3Exception InvalidPartOrder() =>
        new(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");

    public static S3Exception AuthorizationHeaderMalformed(string detail) =>
        new(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + detail);

    public static S3Exception AuthorizationQueryParametersError(string message) =>
        new(400, "AuthorizationQueryParametersError", message);

    public static S3Exception RequestExpired(string expires, DateTimeOffset expiredAt, DateTimeOffset now) =>
        new(403, "AccessDenied", "Request has expired", ("X-Amz-Expires", expires),
            ("Expires", S3Format.Timestamp(expiredAt)), ("ServerTime", S3Format.Timestamp(now)));

    public static S3Exception KeyTooLong(int length) =>
        new(400, "KeyTooLongError", "Your key is too long", ("MaxSizeAllowed", "1024"), ("Size", length.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static S3Exception InvalidLocationConstraint(string constraint) =>
        new(400, "InvalidLocationConstraint", "The specified location-constraint is not valid", ("LocationConstraint", constraint));

    public static S3Exception IllegalLocationConstraint(string? constraint, string region) =>
        new(400, "IllegalLocationConstraintException", constraint is null
            ? "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
            : $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.");

    public static S3Exception InvalidCopySource() =>
        new(400, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", ("ArgumentName", "x-amz-copy-source"));
}
