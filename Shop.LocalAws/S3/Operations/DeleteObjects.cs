using System.Xml.Linq;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html</summary>
public static class DeleteObjects
{
    private const int MaxKeys = 1000;

    public static async Task ExecuteAsync(S3Call call)
    {
        var bucket = call.RequireBucket();
        var document = await call.ReadXmlBodyAsync() ?? throw S3Errors.MalformedXml();
        if (document.Name.LocalName != "Delete")
        {
            throw S3Errors.MalformedXml();
        }
        var quiet = string.Equals(Child(document, "Quiet")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        var objects = document.Elements().Where(e => e.Name.LocalName == "Object").ToList();
        if (objects.Count is 0 or > MaxKeys)
        {
            throw S3Errors.MalformedXml();
        }
        var keys = new List<string>(objects.Count);
        foreach (var element in objects)
        {
            keys.Add(Child(element, "Key")?.Value ?? throw S3Errors.MalformedXml());
        }

        var results = new List<XElement>();
        foreach (var key in keys)
        {
            call.Store.DeleteObject(bucket, key);
            if (!quiet)
            {
                results.Add(S3Call.Element("Deleted", S3Call.Element("Key", key)));
            }
        }
        await call.WriteXmlAsync(S3Call.Element("DeleteResult", results));
    }

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
