using System.Globalization;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html</summary>
public static class ListParts
{
    public static Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var upload = CreateMultipartUpload.Find(call, bucket);
        var maxParts = ListMultipartUploads.ReadLimit(call, "max-parts");
        var markerText = call.Query("part-number-marker") ?? "0";
        if (!int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out var marker))
        {
            throw S3Errors.InvalidArgument("Provided part-number-marker not an integer or within integer range", "part-number-marker", markerText);
        }
        var remaining = upload.Parts.Values.Where(p => p.PartNumber > marker).OrderBy(p => p.PartNumber).ToList();
        var page = remaining.Take(maxParts).ToList();
        var truncated = remaining.Count > page.Count;
        return call.WriteXmlAsync(S3Call.Element("ListPartsResult",
            S3Call.Element("Bucket", bucket.Name),
            S3Call.Element("Key", upload.Key),
            S3Call.Element("UploadId", upload.UploadId),
            S3Call.Element("PartNumberMarker", marker),
            S3Call.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : 0),
            S3Call.Element("MaxParts", maxParts),
            S3Call.Element("IsTruncated", truncated ? "true" : "false"),
            page.Select(p => S3Call.Element("Part",
                S3Call.Element("PartNumber", p.PartNumber),
                S3Call.Element("LastModified", S3Format.Timestamp(p.LastModified)),
                S3Call.Element("ETag", p.ETag),
                S3Call.Element("Size", p.Body.Length))),
            Owner.Element(call, "Initiator"),
            Owner.Element(call),
            S3Call.Element("StorageClass", "STANDARD")));
    }
}
