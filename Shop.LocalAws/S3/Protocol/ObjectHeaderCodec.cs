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
                var value = FromMailSafe(header.Value.ToString());
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

    /// <summary>
    /// A metadata value as S3 stores it: "character decoded as per RFC 2047" when it is one encoded word in UTF-8
    /// (<c>=?UTF-8?B?…?=</c> or <c>=?UTF-8?Q?…?=</c>, as the AWS SDK for .NET sends non-ASCII metadata), as it came otherwise.
    /// </summary>
    internal static string FromMailSafe(string value)
    {
        if (!value.StartsWith("=?", StringComparison.Ordinal) || !value.EndsWith("?=", StringComparison.Ordinal) || value.Length < 10)
        {
            return value;
        }
        var parts = value[2..^2].Split('?');
        if (parts.Length != 3 || !parts[0].Equals("UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        try
        {
            var bytes = parts[1].ToUpperInvariant() switch
            {
                "B" => Convert.FromBase64String(parts[2]),
                "Q" => DecodeQ(parts[2]),
                _ => null,
            };
            return bytes is null ? value : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (Exception error) when (error is FormatException or DecoderFallbackException)
        {
            return value;
        }
    }

    // RFC 2047's Q encoding: "_" is a space, "=XX" a byte in hex, anything else itself.
    private static byte[] DecodeQ(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return [.. bytes];
    }

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
