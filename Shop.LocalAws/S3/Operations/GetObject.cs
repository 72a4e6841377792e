using System.Globalization;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>
/// GetObject and HeadObject: conditional requests, one byte range, response header overrides, streamed bodies.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html and
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
/// </summary>
public static class GetObject
{
    public static async Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var value = bucket.Find(call.ObjectKey) ?? throw S3Errors.NoSuchKey(call.ObjectKey);
        var response = call.Response;

        if (EvaluateConditions(call, value) is { } notModified)
        {
            response.StatusCode = notModified;
            response.Headers.ETag = value.ETag;
            response.Headers.LastModified = S3Format.HttpDate(value.LastModified);
            return;
        }

        var size = value.Size;
        var range = ParseRange(call.Header("Range"), size);
        ObjectHeaderCodec.Write(call.Http, value);
        long offset = 0, count = size;
        if (range is { } r)
        {
            offset = r.Start;
            count = r.End - r.Start + 1;
            response.StatusCode = 206;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {r.Start}-{r.End}/{size}");
        }
        else
        {
            response.StatusCode = 200;
            // S3 returns the checksum of the whole object only, and only when asked.
            if (string.Equals(call.Header("x-amz-checksum-mode"), "ENABLED", StringComparison.OrdinalIgnoreCase))
            {
                ObjectHeaderCodec.WriteChecksum(response, value.Checksum);
            }
        }
        response.ContentLength = count;
        if (HttpMethods.IsHead(call.Request.Method) || count == 0)
        {
            return;
        }
        await value.Body.WriteToAsync(response, offset, count, call.Aborted);
    }

    /// <summary>
    /// Applies If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304) in S3's order:
    /// a present If-Match decides alone over If-Unmodified-Since, a present If-None-Match over If-Modified-Since.
    /// Returns 304 when not modified; throws PreconditionFailed; null to serve the object.
    /// </summary>
    private static int? EvaluateConditions(S3Call call, S3Object value)
    {
        var lastModified = S3Format.ToSeconds(value.LastModified);
        var ifMatch = call.Header("If-Match");
        if (ifMatch is not null)
        {
            if (!ETagCondition.Matches(ifMatch, value.ETag))
            {
                throw S3Errors.PreconditionFailed("If-Match");
            }
        }
        else if (S3Format.ParseHttpDate(call.Header("If-Unmodified-Since")) is { } unmodifiedSince && lastModified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("If-Unmodified-Since");
        }

        var ifNoneMatch = call.Header("If-None-Match");
        if (ifNoneMatch is not null)
        {
            return ETagCondition.Matches(ifNoneMatch, value.ETag) ? 304 : null;
        }
        if (S3Format.ParseHttpDate(call.Header("If-Modified-Since")) is { } modifiedSince && lastModified <= modifiedSince)
        {
            return 304;
        }
        return null;
    }

    /// <summary>
    /// Parses one byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>). A malformed or multi-range header is
    /// ignored (the whole object is served) as S3 does; a range starting past the end is InvalidRange.
    /// </summary>
    public static (long Start, long End)? ParseRange(string? header, long size)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var spec = header["bytes=".Length..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }
            if (suffix == 0 || size == 0)
            {
                throw S3Errors.InvalidRange(header, size);
            }
            return (Math.Max(0, size - suffix), size - 1);
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }
        long end;
        if (last.Length == 0)
        {
            end = size - 1;
        }
        else if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
        {
            return null;
        }
        if (start >= size)
        {
            throw S3Errors.InvalidRange(header, size);
        }
        return (start, Math.Min(end, size - 1));
    }
}
