using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html</summary>
public static class PutObject
{
    public static async Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var headers = ObjectHeaderCodec.Read(call.Request);
        var ifNoneMatch = call.Header("If-None-Match");
        var ifMatch = call.Header("If-Match");
        if (ifNoneMatch is not null && ifNoneMatch != "*")
        {
            throw S3Errors.NotImplemented("If-None-Match");
        }
        var body = await S3BodyReceiver.ReceiveAsync(call.Request, call.Store, call.Aborted);
        var stored = new S3Object
        {
            Key = call.ObjectKey,
            Body = body.Blob,
            ETag = S3Format.ETag(body.Md5),
            LastModified = call.Now,
            Headers = headers,
            Checksum = body.Checksum,
        };
        // Conditional writes are decided atomically with the write itself.
        call.Store.PutObject(bucket, stored, existing =>
            ifNoneMatch is not null && existing is not null ? S3Errors.PreconditionFailed("If-None-Match")
            : ifMatch is not null && existing is null ? S3Errors.NoSuchKey(stored.Key)
            : ifMatch is not null && !ETagCondition.Matches(ifMatch, existing!.ETag) ? S3Errors.PreconditionFailed("If-Match")
            : null);
        WriteUploadHeaders(call.Response, stored.ETag, body);
    }

    /// <summary>The headers PutObject and UploadPart answer with: the ETag, and the checksum when the client sent one.</summary>
    public static void WriteUploadHeaders(HttpResponse response, string eTag, S3ReceivedBody body)
    {
        response.StatusCode = 200;
        response.Headers.ETag = eTag;
        response.Headers["x-amz-server-side-encryption"] = "AES256";
        if (body.ChecksumSentByClient)
        {
            ObjectHeaderCodec.WriteChecksum(response, body.Checksum);
        }
    }
}

/// <summary>Matches If-Match / If-None-Match values (<c>*</c> or a list of quoted ETags) against an object's ETag.</summary>
public static class ETagCondition
{
    public static bool Matches(string condition, string eTag)
    {
        var bare = eTag.Trim('"');
        foreach (var candidate in condition.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var value = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (value == "*" || value.Trim('"') == bare)
            {
                return true;
            }
        }
        return false;
    }
}
