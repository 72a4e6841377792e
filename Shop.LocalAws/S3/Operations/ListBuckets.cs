using System.Globalization;
using System.Text;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>See https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html</summary>
public static class ListBuckets
{
    private const int MaxBucketsLimit = 10000;

    public static Task ExecuteAsync(S3Call call)
    {
        var prefix = call.Query("prefix") ?? string.Empty;
        var maxBucketsText = call.Query("max-buckets");
        var maxBuckets = MaxBucketsLimit;
        if (maxBucketsText is not null
            && (!int.TryParse(maxBucketsText, NumberStyles.None, CultureInfo.InvariantCulture, out maxBuckets) || maxBuckets is < 1 or > MaxBucketsLimit))
        {
            throw S3Errors.InvalidArgument("Argument max-buckets must be an integer between 1 and 10000.", "max-buckets", maxBucketsText);
        }
        var token = call.Query("continuation-token");
        var after = token is null ? null : DecodeToken(token);

        var matching = call.Store.Buckets
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(b.Name, after) > 0))
            .ToList();
        var page = matching.Take(maxBuckets).ToList();
        var next = matching.Count > page.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name)) : null;
        return call.WriteXmlAsync(S3Call.Element("ListAllMyBucketsResult",
            Owner.Element(call),
            S3Call.Element("Buckets", page.Select(b => S3Call.Element("Bucket",
                S3Call.Element("Name", b.Name),
                S3Call.Element("CreationDate", S3Format.Timestamp(b.CreationDate)),
                S3Call.Element("BucketRegion", b.Region)))),
            next is null ? null : S3Call.Element("ContinuationToken", next),
            prefix.Length > 0 ? S3Call.Element("Prefix", prefix) : null));
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}

/// <summary>The bucket and object owner: the emulated account's canonical user.</summary>
public static class Owner
{
    public static System.Xml.Linq.XElement Element(S3Call call, string elementName = "Owner") => S3Call.Element(elementName,
        S3Call.Element("DisplayName", "localaws"),
        S3Call.Element("ID", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(call.Aws.AccountId)))));
}
