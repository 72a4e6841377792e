using System.Security.Cryptography;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html</summary>
public static class CopyObject
{
    public static async Task ExecuteAsync(S3Call call)
    {
        var targetBucket = call.RequireBucket();
        var (sourceBucketName, sourceKey) = ParseCopySource(call.Header("x-amz-copy-source")!);
        var source = call.Store.GetBucket(sourceBucketName).Find(sourceKey) ?? throw S3Errors.NoSuchKey(sourceKey);

        var directive = call.Header("x-amz-metadata-directive") ?? "COPY";
        if (directive is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }
        if (sourceBucketName == call.Bucket && sourceKey == call.ObjectKey && directive == "COPY")
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        CheckSourceConditions(call, source);

        // A copy is written in one piece: a multipart source gets a plain MD5 ETag and a whole-object checksum.
        var eTag = source.ETag;
        var checksum = source.Checksum;
        if (source.PartsCount is not null || checksum is null || checksum.Type != "FULL_OBJECT")
        {
            (eTag, checksum) = await DigestAsync(source.Body, call.Aborted);
        }
        var copy = new S3Object
        {
            Key = call.ObjectKey,
            Body = call.Store.Duplicate(source.Body),
            ETag = eTag,
            LastModified = call.Now,
            Headers = directive == "REPLACE" ? ObjectHeaderCodec.Read(call.Request) : source.Headers,
            Checksum = checksum,
        };
        call.Store.PutObject(targetBucket, copy);
        call.Response.Headers["x-amz-server-side-encryption"] = "AES256";
        var checksumElement = checksum is null ? null : S3Call.Element("Checksum" + checksum.Algorithm.Name(), checksum.Value);
        await call.WriteXmlAsync(S3Call.Element("CopyObjectResult",
            S3Call.Element("ETag", copy.ETag),
            S3Call.Element("LastModified", S3Format.Timestamp(copy.LastModified)),
            checksum is null ? null : S3Call.Element("ChecksumType", checksum.Type),
            checksumElement));
    }

    /// <summary>Parses <c>x-amz-copy-source</c>: <c>[/]bucket/key[?versionId=…]</c>, URL-encoded.</summary>
    public static (string Bucket, string Key) ParseCopySource(string header)
    {
        var value = header;
        var query = value.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            value = value[..query];
        }
        value = Uri.UnescapeDataString(value).TrimStart('/');
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw S3Errors.InvalidCopySource();
        }
        return (value[..slash], value[(slash + 1)..]);
    }

    private static void CheckSourceConditions(S3Call call, S3Object source)
    {
        var lastModified = S3Format.ToSeconds(source.LastModified);
        var ifMatch = call.Header("x-amz-copy-source-if-match");
        if (ifMatch is not null && !ETagCondition.Matches(ifMatch, source.ETag))
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
        }
        if (ifMatch is null && S3Format.ParseHttpDate(call.Header("x-amz-copy-source-if-unmodified-since")) is { } unmodifiedSince && lastModified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }
        var ifNoneMatch = call.Header("x-amz-copy-source-if-none-match");
        if (ifNoneMatch is not null && ETagCondition.Matches(ifNoneMatch, source.ETag))
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
        }
        if (ifNoneMatch is null && S3Format.ParseHttpDate(call.Header("x-amz-copy-source-if-modified-since")) is { } modifiedSince && lastModified <= modifiedSince)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    /// <summary>The MD5 ETag and the default CRC64NVME checksum of a whole blob.</summary>
    public static async Task<(string ETag, S3StoredChecksum Checksum)> DigestAsync(S3Blob blob, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var crc = S3Checksums.CreateCalculator(S3ChecksumAlgorithm.Crc64Nvme);
        await using var stream = blob.OpenRead();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            crc.Append(buffer.AsSpan(0, read));
        }
        return (S3Format.ETag(md5.GetHashAndReset()), new S3StoredChecksum(S3ChecksumAlgorithm.Crc64Nvme, crc.GetBase64(), "FULL_OBJECT"));
    }
}
