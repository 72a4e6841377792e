using System.Net;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

public class S3UiSectionTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task The_ui_lists_buckets_and_objects_and_downloads_an_object()
    {
        using var s3 = localAws.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("ui");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "invoices/<order 1>.txt", ContentBody = "Invoice for order 1", ContentType = "text/plain" });

        using var http = localAws.CreateHttpClient();
        var index = await http.GetStringAsync("/_localaws/s3");
        Assert.Contains(bucket, index, StringComparison.Ordinal);

        var objects = await http.GetStringAsync($"/_localaws/s3/bucket?name={bucket}");
        Assert.Contains("invoices/&lt;order 1&gt;.txt", objects, StringComparison.Ordinal);
        Assert.Contains("text/plain", objects, StringComparison.Ordinal);
        Assert.DoesNotContain("<order 1>", objects, StringComparison.Ordinal);

        var download = await http.GetAsync($"/_localaws/s3/download?bucket={bucket}&key={Uri.EscapeDataString("invoices/<order 1>.txt")}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("Invoice for order 1", await download.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", download.Content.Headers.ContentType!.ToString());

        var missing = await http.GetAsync($"/_localaws/s3/download?bucket={bucket}&key=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
