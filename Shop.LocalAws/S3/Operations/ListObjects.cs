using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>
/// ListObjectsV2 and ListObjects (v1): prefix, delimiter and common prefixes, max-keys, continuation tokens or
/// markers, start-after, encoding-type=url.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html and
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
/// </summary>
public static class ListObjects
{
    private const int MaxKeysLimit = 1000;
    private const string TokenVersion = "1:";

    public static Task ExecuteV2Async(S3Call call)
    {
        var bucket = call.RequireBucket();
        var (prefix, delimiter, maxKeys, encode) = ReadCommon(call);
        var token = call.Query("continuation-token");
        var startAfter = call.Query("start-after");
        var after = token is not null ? DecodeToken(token) : startAfter;
        var fetchOwner = string.Equals(call.Query("fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);
        var page = bucket.List(prefix, delimiter, after, maxKeys);

        return call.WriteXmlAsync(S3Call.Element("ListBucketResult",
            S3Call.Element("Name", bucket.Name),
            S3Call.Element("Prefix", encode(prefix)),
            token is null ? null : S3Call.Element("ContinuationToken", token),
            page.IsTruncated ? S3Call.Element("NextContinuationToken", EncodeToken(page.LastEntry!)) : null,
            S3Call.Element("KeyCount", page.Contents.Count + page.CommonPrefixes.Count),
            S3Call.Element("MaxKeys", maxKeys),
            string.IsNullOrEmpty(delimiter) ? null : S3Call.Element("Delimiter", encode(delimiter)),
            call.Query("encoding-type") is null ? null : S3Call.Element("EncodingType", "url"),
            S3Call.Element("IsTruncated", page.IsTruncated ? "true" : "false"),
            startAfter is null ? null : S3Call.Element("StartAfter", encode(startAfter)),
            page.Contents.Select(o => Contents(call, o, encode, fetchOwner)),
            page.CommonPrefixes.Select(p => S3Call.Element("CommonPrefixes", S3Call.Element("Prefix", encode(p))))));
    }

    public static Task ExecuteV1Async(S3Call call)
    {
        var bucket = call.RequireBucket();
        var (prefix, delimiter, maxKeys, encode) = ReadCommon(call);
        var marker = call.Query("marker") ?? string.Empty;
        var page = bucket.List(prefix, delimiter, marker.Length == 0 ? null : marker, maxKeys);

        return call.WriteXmlAsync(S3Call.Element("ListBucketResult",
            S3Call.Element("Name", bucket.Name),
            S3Call.Element("Prefix", encode(prefix)),
            S3Call.Element("Marker", encode(marker)),
            // S3 sends NextMarker only with a delimiter; without one the last key is the next marker.
            page.IsTruncated && !string.IsNullOrEmpty(delimiter) ? S3Call.Element("NextMarker", encode(page.LastEntry!)) : null,
            S3Call.Element("MaxKeys", maxKeys),
            string.IsNullOrEmpty(delimiter) ? null : S3Call.Element("Delimiter", encode(delimiter)),
            call.Query("encoding-type") is null ? null : S3Call.Element("EncodingType", "url"),
            S3Call.Element("IsTruncated", page.IsTruncated ? "true" : "false"),
            page.Contents.Select(o => Contents(call, o, encode, fetchOwner: true)),
            page.CommonPrefixes.Select(p => S3Call.Element("CommonPrefixes", S3Call.Element("Prefix", encode(p))))));
    }

    private static (string Prefix, string? Delimiter, int MaxKeys, Func<string, string> Encode) ReadCommon(S3Call call)
    {
        var prefix = call.Query("prefix") ?? string.Empty;
        var delimiter = call.Query("delimiter");
        var maxKeys = MaxKeysLimit;
        var maxKeysText = call.Query("max-keys");
        if (maxKeysText is not null)
        {
            if (!int.TryParse(maxKeysText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out maxKeys) || maxKeys < 0)
            {
                throw S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", maxKeysText);
            }
            maxKeys = Math.Min(maxKeys, MaxKeysLimit);
        }
        var encodingType = call.Query("encoding-type");
        if (encodingType is not null && !string.Equals(encodingType, "url", StringComparison.OrdinalIgnoreCase))
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }
        Func<string, string> encode = encodingType is null ? static s => s : UrlEncode;
        return (prefix, delimiter, maxKeys, encode);
    }

    private static XElement Contents(S3Call call, S3Object value, Func<string, string> encode, bool fetchOwner) => S3Call.Element("Contents",
        S3Call.Element("Key", encode(value.Key)),
        S3Call.Element("LastModified", S3Format.Timestamp(value.LastModified)),
        S3Call.Element("ETag", value.ETag),
        value.Checksum is null ? null : S3Call.Element("ChecksumAlgorithm", value.Checksum.Algorithm.Name()),
        value.Checksum is null ? null : S3Call.Element("ChecksumType", value.Checksum.Type),
        S3Call.Element("Size", value.Size),
        fetchOwner ? Owner.Element(call) : null,
        S3Call.Element("StorageClass", "STANDARD"));

    /// <summary>Percent-encodes as S3 does for encoding-type=url (slashes stay readable).</summary>
    private static string UrlEncode(string value) => Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);

    // The token is opaque to clients; it names the last key or common prefix returned.
    private static string EncodeToken(string lastEntry) => Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenVersion + lastEntry));

    private static string DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(TokenVersion, StringComparison.Ordinal))
            {
                return text[TokenVersion.Length..];
            }
        }
        catch (FormatException)
        {
        }
        throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }
}
