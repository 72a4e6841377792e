using System.Globalization;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>How S3 writes timestamps and ETags on the wire.</summary>
public static class S3Format
{
    /// <summary>ISO 8601 with milliseconds, as in listings: <c>2009-10-12T17:50:30.000Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 1123, as in Last-Modified: <c>Wed, 12 Oct 2009 17:50:00 GMT</c>.</summary>
    public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A quoted lowercase hex MD5, as S3 writes single-part ETags.</summary>
    public static string ETag(ReadOnlySpan<byte> md5) => "\"" + Convert.ToHexStringLower(md5) + "\"";

    /// <summary>Parses an HTTP date header; null when absent or malformed (S3 then ignores the condition).</summary>
    public static DateTimeOffset? ParseHttpDate(string? value) =>
        !string.IsNullOrEmpty(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>Truncates to whole seconds: HTTP dates have no fractions, so conditions compare at that precision.</summary>
    public static DateTimeOffset ToSeconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);
}
