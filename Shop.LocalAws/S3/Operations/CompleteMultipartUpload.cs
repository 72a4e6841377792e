using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Operations;

/// <summary>
/// Joins the listed parts into one object whose ETag is S3's "MD5 of the parts' MD5s, dash, part count".
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
/// </summary>
public static class CompleteMultipartUpload
{
    private const long MinPartSize = 5 * 1024 * 1024;

    public static async Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var upload = CreateMultipartUpload.Find(call, bucket);
        var document = await call.ReadXmlBodyAsync() ?? throw S3Errors.MalformedXml();
        if (document.Name.LocalName != "CompleteMultipartUpload")
        {
            throw S3Errors.MalformedXml();
        }
        var listed = new List<(int Number, string ETag)>();
        foreach (var element in document.Elements().Where(e => e.Name.LocalName == "Part"))
        {
            var numberText = Child(element, "PartNumber") ?? throw S3Errors.MalformedXml();
            var eTag = Child(element, "ETag") ?? throw S3Errors.MalformedXml();
            if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3Errors.MalformedXml();
            }
            listed.Add((number, eTag));
        }
        if (listed.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        var parts = new List<S3Part>(listed.Count);
        for (var i = 0; i < listed.Count; i++)
        {
            if (i > 0 && listed[i].Number <= listed[i - 1].Number)
            {
                throw S3Errors.InvalidPartOrder();
            }
            if (!upload.Parts.TryGetValue(listed[i].Number, out var part) || part.ETag.Trim('"') != listed[i].ETag.Trim().Trim('"'))
            {
                throw S3Errors.InvalidPart(listed[i].Number, listed[i].ETag);
            }
            parts.Add(part);
        }
        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Body.Length < MinPartSize)
            {
                throw S3Errors.EntityTooSmall(parts[i].Body.Length);
            }
        }
        if (!bucket.Uploads.TryRemove(upload.UploadId, out _))
        {
            throw S3Errors.NoSuchUpload(upload.UploadId);
        }

        var blob = await ConcatenateAsync(call.Store, parts, call.Aborted);
        var partDigests = parts.SelectMany(p => Convert.FromHexString(p.ETag.Trim('"'))).ToArray();
        var eTagOfParts = $"\"{Convert.ToHexStringLower(MD5.HashData(partDigests))}-{parts.Count}\"";
        var (_, checksum) = await CopyObject.DigestAsync(blob, call.Aborted);
        var value = new S3Object
        {
            Key = upload.Key,
            Body = blob,
            ETag = eTagOfParts,
            LastModified = call.Now,
            Headers = upload.Headers,
            Checksum = checksum,
            PartsCount = parts.Count,
        };
        call.Store.PutObject(bucket, value);
        S3Store.ReleaseParts(upload);

        await call.WriteXmlAsync(S3Call.Element("CompleteMultipartUploadResult",
            S3Call.Element("Location", $"{call.Request.Scheme}://{call.Request.Host}/{bucket.Name}/{Uri.EscapeDataString(upload.Key)}"),
            S3Call.Element("Bucket", bucket.Name),
            S3Call.Element("Key", upload.Key),
            S3Call.Element("ETag", value.ETag)));
    }

    private static async Task<S3Blob> ConcatenateAsync(S3Store store, IReadOnlyList<S3Part> parts, CancellationToken cancellationToken)
    {
        await using var writer = store.CreateBlobWriter(parts.Sum(p => p.Body.Length));
        var buffer = new byte[81920];
        foreach (var part in parts)
        {
            await using var stream = part.Body.OpenRead();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        return await writer.CompleteAsync(cancellationToken);
    }

    private static string? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
