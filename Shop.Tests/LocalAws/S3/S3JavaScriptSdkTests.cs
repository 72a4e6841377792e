using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

/// <summary>A second real client: the AWS SDK for JavaScript v3 with its default flexible checksums.</summary>
public class S3JavaScriptSdkTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task The_javascript_sdk_puts_and_gets_objects_with_default_checksums()
    {
        using var s3 = localAws.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("js");
        await s3.PutBucketAsync(bucket);

        var script = Path.Combine(AppContext.BaseDirectory, "LocalAws", "S3", "s3-put-get.mjs");
        var output = await NodeOracle.RunScriptAsync(script, new Dictionary<string, string>
        {
            ["LOCALAWS_URL"] = localAws.BaseUrl.ToString().TrimEnd('/'),
            ["BUCKET"] = bucket,
        });
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;

        var payload = Encoding.UTF8.GetBytes("Invoice from the JavaScript SDK: " + new string('x', 100_000));
        var md5 = "\"" + Convert.ToHexStringLower(MD5.HashData(payload)) + "\"";
        Assert.Equal(md5, root.GetProperty("putStringETag").GetString());
        Assert.Equal(md5, root.GetProperty("putStreamETag").GetString());
        Assert.True(root.GetProperty("getMatches").GetBoolean());
        Assert.Equal(payload.Length, root.GetProperty("headLength").GetInt32());
        Assert.Equal(root.GetProperty("putStreamChecksum").GetString(), root.GetProperty("getChecksum").GetString());
        Assert.NotNull(root.GetProperty("getChecksum").GetString());

        // What the JavaScript SDK stored is exactly the payload, seen from the .NET SDK too.
        using var get = await s3.GetObjectAsync(bucket, "js/stream.txt");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal(payload, copy.ToArray());
    }
}
