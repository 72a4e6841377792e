using System.Net;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.Operations;

/// <summary>
/// S3's general purpose bucket naming rules.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
/// </summary>
public static class BucketNames
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    public static bool IsValid(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("..", StringComparison.Ordinal)
        && !(name.Count(c => c == '.') == 3 && IPAddress.TryParse(name, out _))
        && !ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
        && !ReservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    public static void Validate(string name)
    {
        if (!IsValid(name))
        {
            throw S3Errors.InvalidBucketName(name);
        }
    }
}
