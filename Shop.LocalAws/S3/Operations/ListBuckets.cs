using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html</summary>
public static class ListBuckets
{
    public static Task ExecuteAsync(S3Call call)
    {
        var prefix = call.Query("prefix") ?? string.Empty;
        var buckets = call.Store.Buckets.Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal));
        return call.WriteXmlAsync(S3Call.Element("ListAllMyBucketsResult",
            Owner.Element(call),
            S3Call.Element("Buckets", buckets.Select(b => S3Call.Element("Bucket",
                S3Call.Element("Name", b.Name),
                S3Call.Element("CreationDate", S3Format.Timestamp(b.CreationDate)),
                S3Call.Element("BucketRegion", b.Region)))),
            prefix.Length > 0 ? S3Call.Element("Prefix", prefix) : null));
    }
}

/// <summary>The bucket and object owner: the emulated account's canonical user.</summary>
public static class Owner
{
    public static System.Xml.Linq.XElement Element(S3Call call) => S3Call.Element("Owner",
        S3Call.Element("DisplayName", "localaws"),
        S3Call.Element("ID", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(call.Aws.AccountId)))));
}
