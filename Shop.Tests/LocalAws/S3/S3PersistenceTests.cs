using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

public sealed class S3PersistenceTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "localaws-s3-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<WebApplication> StartAsync()
    {
        var app = LocalAwsApp.Build([], options =>
        {
            options.Port = 0;
            options.DataDirectory = _dataDirectory;
        }, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return app;
    }

    private static AmazonS3Client Client(WebApplication app) => new(LocalAwsFixture.Credentials, new AmazonS3Config
    {
        ServiceURL = app.GetBaseAddress().ToString(),
        AuthenticationRegion = LocalAwsFixture.Region,
        ForcePathStyle = true,
        MaxErrorRetry = 0,
    });

    [Fact]
    public async Task Acknowledged_buckets_and_objects_survive_a_restart_and_deleted_ones_stay_deleted()
    {
        var body = new byte[300_000];
        Random.Shared.NextBytes(body);
        string eTag;
        await using (var app = await StartAsync())
        {
            using var s3 = Client(app);
            await s3.PutBucketAsync("kept-bucket");
            await s3.PutBucketAsync("dropped-bucket");
            var put = new PutObjectRequest { BucketName = "kept-bucket", Key = "invoices/1.txt", InputStream = new MemoryStream(body), ContentType = "text/plain" };
            put.Metadata.Add("order", "1");
            eTag = (await s3.PutObjectAsync(put)).ETag;
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept-bucket", Key = "replaced.txt", ContentBody = "old" });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept-bucket", Key = "replaced.txt", ContentBody = "new" });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept-bucket", Key = "deleted.txt", ContentBody = "gone" });
            await s3.DeleteObjectAsync("kept-bucket", "deleted.txt");
            await s3.CopyObjectAsync("kept-bucket", "invoices/1.txt", "kept-bucket", "copy.txt");
            await s3.DeleteBucketAsync("dropped-bucket");
            await app.StopAsync();
        }

        // Object bodies live as files beside the journal, not inside it.
        Assert.True(new FileInfo(Path.Combine(_dataDirectory, "s3.journal")).Length < body.Length);

        await using (var app = await StartAsync())
        {
            using var s3 = Client(app);
            var buckets = await s3.ListBucketsAsync();
            Assert.Equal(["kept-bucket"], buckets.Buckets.Select(b => b.BucketName));
            using var get = await s3.GetObjectAsync("kept-bucket", "invoices/1.txt");
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.Equal(body, copy.ToArray());
            Assert.Equal(eTag, get.ETag);
            Assert.Equal("1", get.Metadata["order"]);
            Assert.Equal("text/plain", get.Headers.ContentType);
            var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "kept-bucket" });
            Assert.Equal(["copy.txt", "invoices/1.txt", "replaced.txt"], listing.S3Objects.Select(o => o.Key));
            using var replaced = await s3.GetObjectAsync("kept-bucket", "replaced.txt");
            Assert.Equal("new", await new StreamReader(replaced.ResponseStream).ReadToEndAsync());
            await app.StopAsync();
        }

        // Replaced and deleted bodies were cleaned up: three live objects, three files.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_dataDirectory, "s3-blobs")).Length);
    }
}
