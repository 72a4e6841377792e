using System.Globalization;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>
/// Uploads in progress, by key then initiation, from key-marker / upload-id-marker, under a prefix.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
/// </summary>
public static class ListMultipartUploads
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        if (!string.IsNullOrEmpty(call.Query("delimiter")))
        {
            throw S3Errors.NotImplemented("delimiter");
        }
        var prefix = call.Query("prefix") ?? string.Empty;
        var maxUploads = ReadLimit(call, "max-uploads");
        var keyMarker = call.Query("key-marker") ?? string.Empty;
        var uploadIdMarker = call.Query("upload-id-marker") ?? string.Empty;
        var comparer = State.S3KeyComparer.Instance;

        var remaining = bucket.Uploads.Values
            .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(u => u.Key, comparer).ThenBy(u => u.Initiated).ThenBy(u => u.UploadId, StringComparer.Ordinal)
            .SkipWhile(u => keyMarker.Length > 0 && (comparer.Compare(u.Key, keyMarker) < 0
                || (u.Key == keyMarker && (uploadIdMarker.Length == 0 || string.CompareOrdinal(u.UploadId, uploadIdMarker) <= 0))))
            .ToList();
        var page = remaining.Take(maxUploads).ToList();
        var truncated = remaining.Count > page.Count;
        return call.WriteXmlAsync(S3Call.Element("ListMultipartUploadsResult",
            S3Call.Element("Bucket", bucket.Name),
            S3Call.Element("KeyMarker", keyMarker),
            S3Call.Element("UploadIdMarker", uploadIdMarker),
            S3Call.Element("NextKeyMarker", page.Count > 0 ? page[^1].Key : string.Empty),
            S3Call.Element("NextUploadIdMarker", page.Count > 0 ? page[^1].UploadId : string.Empty),
            prefix.Length > 0 ? S3Call.Element("Prefix", prefix) : null,
            S3Call.Element("MaxUploads", maxUploads),
            S3Call.Element("IsTruncated", truncated ? "true" : "false"),
            page.Select(u => S3Call.Element("Upload",
                S3Call.Element("Key", u.Key),
                S3Call.Element("UploadId", u.UploadId),
                Owner.Element(call, "Initiator"),
                Owner.Element(call),
                S3Call.Element("StorageClass", "STANDARD"),
                S3Call.Element("Initiated", S3Format.Timestamp(u.Initiated))))));
    }

    /// <summary>A page size parameter (max-uploads, max-parts): 0 to 1000, default 1000.</summary>
    public static int ReadLimit(S3Call call, string name)
    {
        var text = call.Query(name);
        if (text is null)
        {
            return 1000;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? Math.Min(value, 1000)
            : throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range", name, text);
    }
}
