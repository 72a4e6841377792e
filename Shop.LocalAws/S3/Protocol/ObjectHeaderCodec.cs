using System.Text;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>Reads an object's representation headers and user metadata from an upload, and writes them on GET/HEAD.</summary>
public static class ObjectHeaderCodec
{
    private const string MetadataPrefix = "x-amz-meta-";

    /// <summary>S3 allows 2 KB of user metadata (names and values, UTF-8).</summary>
    private const int MaxMetadataBytes = 2048;

    private static readonly (string Query, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    public static S3ObjectHeaders Read(HttpRequest request)
    {
        var headers = request.Headers;
        return new S3ObjectHeaders
        {
            ContentType = headers.ContentType.Count > 0 && headers.ContentType.ToString().Length > 0 ? headers.ContentType.ToString() : S3ObjectHeaders.DefaultContentType,
            ContentDisposition = NullIfEmpty(headers.ContentDisposition.ToString()),
            ContentEncoding = S3BodyReceiver.StoredContentEncoding(request),
            ContentLanguage = NullIfEmpty(headers.ContentLanguage.ToString()),
            CacheControl = NullIfEmpty(headers.CacheControl.ToString()),
            Expires = NullIfEmpty(headers.Expires.ToString()),
            Metadata = ReadMetadata(request),
        };
    }

    public static IReadOnlyDictionary<string, string> ReadMetadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var header in request.Headers)
        {
            if (header.Key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var name = header.Key[MetadataPrefix.Length..].ToLowerInvariant();
                var value = header.Value.ToString();
                metadata[name] = value;
                size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
            }
        }
        if (size > MaxMetadataBytes)
        {
            throw new S3Exception(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size",
                ("Size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("MaxSizeAllowed", MaxMetadataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return metadata;
    }

    /// <summary>
    /// Writes the object's headers; <c>response-*</c> query parameters override the stored ones, as S3 allows. An
    /// override that cannot be a header value (a control character, or one beyond ISO-8859-1) is refused, as S3
    /// refuses it, before any header is written.
    /// </summary>
    public static void Write(HttpContext context, S3Object value)
    {
        var query = context.Request.Query;
        foreach (var (parameter, _) in ResponseOverrides)
        {
            if (query.TryGetValue(parameter, out var requested) && !IsHeaderValue(requested.ToString()))
            {
                throw new S3Exception(400, "InvalidArgument", "Header value cannot be represented using ISO-8859-1.",
                    ("ArgumentName", parameter), ("ArgumentValue", requested.ToString()));
            }
        }
        var response = context.Response.Headers;
        response.ETag = value.ETag;
        response.LastModified = S3Format.HttpDate(value.LastModified);
        response.AcceptRanges = "bytes";
        response.ContentType = value.Headers.ContentType;
        SetIfPresent(response, "Content-Disposition", value.Headers.ContentDisposition);
        SetIfPresent(response, "Content-Encoding", value.Headers.ContentEncoding);
        SetIfPresent(response, "Content-Language", value.Headers.ContentLanguage);
        SetIfPresent(response, "Cache-Control", value.Headers.CacheControl);
        SetIfPresent(response, "Expires", value.Headers.Expires);
        foreach (var (name, metadataValue) in value.Headers.Metadata)
        {
            response[MetadataPrefix + name] = MailSafe(metadataValue);
        }
        response["x-amz-server-side-encryption"] = "AES256";
        foreach (var (parameter, header) in ResponseOverrides)
        {
            if (query.TryGetValue(parameter, out var overriding))
            {
                response[header] = overriding.ToString();
            }
        }
    }

    /// <summary>Writes the stored checksum, which S3 returns only when asked (<c>x-amz-checksum-mode: ENABLED</c>).</summary>
    public static void WriteChecksum(HttpResponse response, S3StoredChecksum? checksum)
    {
        if (checksum is null)
        {
            return;
        }
        response.Headers[checksum.Algorithm.HeaderName()] = checksum.Value;
        response.Headers["x-amz-checksum-type"] = checksum.Type;
    }

    /// <summary>
    /// A metadata value as S3 returns it: as it is when US-ASCII, otherwise encoded as RFC 2047 says ("=?UTF-8?B?…?=").
    /// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html#UserMetadata
    /// </summary>
    internal static string MailSafe(string value) =>
        value.AsSpan().ContainsAnyExceptInRange(' ', '~') ? "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=" : value;

    private static bool IsHeaderValue(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f' || c > '\xff')
            {
                return false;
            }
        }
        return true;
    }

    private static void SetIfPresent(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
