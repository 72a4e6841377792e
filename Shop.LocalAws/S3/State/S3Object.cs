using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.State;

/// <summary>
/// One stored object version (no versioning: the current one) and the metadata S3 returns with it.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html
/// </summary>
public sealed record S3Object
{
    public required string Key { get; init; }
    public required S3Blob Body { get; init; }

    /// <summary>The quoted ETag: MD5 hex for single-part uploads, md5-of-md5s-N for multipart ones.</summary>
    public required string ETag { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public required S3ObjectHeaders Headers { get; init; }

    /// <summary>The flexible checksum S3 keeps for the object (CRC64NVME when the uploader sent none, as S3 does since 2025).</summary>
    public S3StoredChecksum? Checksum { get; init; }

    /// <summary>Number of parts for a multipart upload, else null.</summary>
    public int? PartsCount { get; init; }

    public long Size => Body.Length;
}

/// <summary>A checksum as stored: algorithm, base64 value and whether it covers the full object or is composite (multipart).</summary>
public sealed record S3StoredChecksum(S3ChecksumAlgorithm Algorithm, string Value, string Type);

/// <summary>The representation headers and user metadata given at upload and returned on GET/HEAD.</summary>
public sealed record S3ObjectHeaders
{
    public required string ContentType { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }
    public string? CacheControl { get; init; }
    public string? Expires { get; init; }

    /// <summary>User metadata (<c>x-amz-meta-*</c>) with lowercase names, without the prefix.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    public const string DefaultContentType = "binary/octet-stream";
}
