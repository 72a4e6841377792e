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

    private async Task<WebApplication> StartAsync(long journalCompactionBytes = LocalAwsOptions.DefaultJournalCompactionBytes)
    {
        var app = LocalAwsApp.Build([], options =>
        {
            options.Port = 0;
            options.DataDirectory = _dataDirectory;
            options.JournalCompactionBytes = journalCompactionBytes;
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

    [Fact]
    public async Task A_journal_that_outgrows_the_buckets_is_compacted_while_running_and_loses_nothing()
    {
        const long compactionBytes = 8 * 1024;
        await using (var app = await StartAsync(compactionBytes))
        {
            using var s3 = Client(app);
            await s3.PutBucketAsync("churn");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "churn", Key = "kept.txt", ContentBody = "kept" });
            // Each put journals a record of a few hundred bytes; 300 of them to four keys are many times the threshold.
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async writer =>
            {
                for (var i = 0; i < 75; i++)
                {
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = "churn", Key = $"cart-{writer}.json", ContentBody = $"version {i}" });
                }
            }));
            await s3.DeleteObjectAsync("churn", "cart-3.json");
            Assert.InRange(new FileInfo(Path.Combine(_dataDirectory, "s3.journal")).Length, 1, 2 * compactionBytes + 1024);
        }

        await using var restarted = await StartAsync();
        using var client = Client(restarted);
        var keys = (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "churn" })).S3Objects.Select(o => o.Key);
        Assert.Equal(["cart-0.json", "cart-1.json", "cart-2.json", "kept.txt"], keys);
        foreach (var key in new[] { "cart-0.json", "cart-1.json", "cart-2.json" })
        {
            using var response = await client.GetObjectAsync("churn", key);
            Assert.Equal("version 74", await new StreamReader(response.ResponseStream).ReadToEndAsync());
        }
        // Only the live bodies are left on disk: replaced ones were released as they went.
        Assert.Equal(4, Directory.GetFiles(Path.Combine(_dataDirectory, "s3-blobs")).Length);
    }

    [Fact]
    public async Task A_multipart_upload_in_progress_survives_a_restart()
    {
        var first = new byte[5 * 1024 * 1024];
        Random.Shared.NextBytes(first);
        string uploadId;
        PartETag firstPart;
        await using (var app = await StartAsync())
        {
            using var s3 = Client(app);
            await s3.PutBucketAsync("uploads");
            uploadId = (await s3.InitiateMultipartUploadAsync("uploads", "big.bin")).UploadId;
            var part = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "uploads", Key = "big.bin", UploadId = uploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
            firstPart = new PartETag(1, part.ETag);
            var aborted = (await s3.InitiateMultipartUploadAsync("uploads", "aborted.bin")).UploadId;
            await s3.AbortMultipartUploadAsync("uploads", "aborted.bin", aborted);
            await app.StopAsync();
        }

        await using (var app = await StartAsync())
        {
            using var s3 = Client(app);
            var uploads = await s3.ListMultipartUploadsAsync("uploads");
            Assert.Equal([uploadId], uploads.MultipartUploads.Select(u => u.UploadId));
            var second = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "uploads", Key = "big.bin", UploadId = uploadId, PartNumber = 2, InputStream = new MemoryStream([7, 7, 7]) });
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "uploads", Key = "big.bin", UploadId = uploadId, PartETags = [firstPart, new PartETag(2, second.ETag)] });
            var head = await s3.GetObjectMetadataAsync("uploads", "big.bin");
            Assert.Equal(first.Length + 3, head.ContentLength);
            await app.StopAsync();
        }

        await using (var app = await StartAsync())
        {
            using var s3 = Client(app);
            Assert.Empty((await s3.ListMultipartUploadsAsync("uploads")).MultipartUploads ?? []);
            Assert.Equal(first.Length + 3, (await s3.GetObjectMetadataAsync("uploads", "big.bin")).ContentLength);
            await app.StopAsync();
        }
        // Only the completed object's body is left; the parts were released.
        Assert.Single(Directory.GetFiles(Path.Combine(_dataDirectory, "s3-blobs")));
    }
}
