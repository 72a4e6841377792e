using System.Text;
using System.Xml;
using System.Xml.Linq;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>One S3 request as an operation sees it: the HTTP exchange, the addressed bucket and key, the store and the clock.</summary>
public sealed class S3Call
{
    public static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    public required HttpContext Http { get; init; }
    public required AwsRequestContext Aws { get; init; }
    public required S3Store Store { get; init; }
    public required TimeProvider Clock { get; init; }
    public required string? BucketName { get; init; }
    public required string? Key { get; init; }

    public HttpRequest Request => Http.Request;
    public HttpResponse Response => Http.Response;
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The current time at millisecond precision (S3 keeps no finer times).</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = Clock.GetUtcNow();
            return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        }
    }

    public string Bucket => BucketName ?? throw new InvalidOperationException("The operation needs a bucket.");
    public string ObjectKey => Key ?? throw new InvalidOperationException("The operation needs a key.");

    public S3Bucket RequireBucket() => Store.GetBucket(Bucket);

    public string? Query(string name) => Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public string? Header(string name) => Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>Writes an XML document in S3's namespace, as every S3 response body is.</summary>
    public async Task WriteXmlAsync(XElement root, int statusCode = 200)
    {
        Response.StatusCode = statusCode;
        Response.ContentType = "application/xml";
        var bytes = Serialize(root);
        Response.ContentLength = bytes.Length;
        await Response.Body.WriteAsync(bytes, Aborted);
    }

    public static byte[] Serialize(XElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = false }))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>An element in S3's namespace.</summary>
    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    /// <summary>Checks Content-MD5 and an <c>x-amz-checksum-*</c> header of a small request body (BadDigest on mismatch).</summary>
    private void VerifyDigests(ReadOnlySpan<byte> body)
    {
        var contentMd5 = Header("Content-MD5");
        if (contentMd5 is not null)
        {
            var calculated = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(body));
            if (calculated != contentMd5)
            {
                throw S3Errors.BadDigestMd5(contentMd5, calculated);
            }
        }
        foreach (var header in Request.Headers)
        {
            if (S3Checksums.TryParseHeaderName(header.Key, out var algorithm) && S3Checksums.Compute(algorithm, body) != header.Value.ToString())
            {
                throw S3Errors.BadDigestChecksum(algorithm);
            }
        }
    }

    /// <summary>Reads a small XML request body (bucket configuration, delete list, part list); malformed XML is S3's MalformedXML.</summary>
    public async Task<XElement?> ReadXmlBodyAsync(int maxBytes = 2 * 1024 * 1024)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await Request.Body.ReadAsync(chunk, Aborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw S3Errors.MalformedXml();
            }
        }
        if (buffer.Length == 0)
        {
            return null;
        }
        VerifyDigests(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
    }
}
