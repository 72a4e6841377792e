using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

public class S3MultipartUploadTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const int FiveMiB = 5 * 1024 * 1024;
    private readonly AmazonS3Client _s3 = localAws.CreateS3Client();
    private readonly string _bucket = LocalAwsFixture.UniqueName("multipart");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(string UploadId, List<PartETag> Parts)> UploadAsync(string key, params byte[][] parts)
    {
        var created = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = "application/x-test" });
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket, Key = key, UploadId = created.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]),
            });
            Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(parts[i])) + "\"", part.ETag);
            etags.Add(new PartETag(i + 1, part.ETag));
        }
        return (created.UploadId, etags);
    }

    [Fact]
    public async Task Completed_upload_joins_the_parts_with_an_md5_of_md5s_etag()
    {
        var first = RandomNumberGenerator.GetBytes(FiveMiB);
        var second = RandomNumberGenerator.GetBytes(1000);
        var (uploadId, parts) = await UploadAsync("big.bin", first, second);

        var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = _bucket, Key = "big.bin", UploadId = uploadId, PartETags = parts });
        var expected = "\"" + Convert.ToHexStringLower(MD5.HashData([.. MD5.HashData(first), .. MD5.HashData(second)])) + "-2\"";
        Assert.Equal(expected, completed.ETag);

        using var get = await _s3.GetObjectAsync(_bucket, "big.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal([.. first, .. second], copy.ToArray());
        Assert.Equal(expected, get.ETag);
        Assert.Equal("application/x-test", get.Headers.ContentType);
    }

    [Fact]
    public async Task Parts_smaller_than_5_MiB_except_the_last_are_EntityTooSmall()
    {
        var (uploadId, parts) = await UploadAsync("small.bin", [1, 2, 3], [4, 5]);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = _bucket, Key = "small.bin", UploadId = uploadId, PartETags = parts }));
        Assert.Equal("EntityTooSmall", error.ErrorCode);

        // One small part alone is fine: it is the last part.
        var single = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = _bucket, Key = "small.bin", UploadId = uploadId, PartETags = [parts[0]] });
        Assert.EndsWith("-1\"", single.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_part_etag_is_InvalidPart_and_parts_out_of_order_are_InvalidPartOrder()
    {
        var (uploadId, parts) = await UploadAsync("wrong.bin", [1], [2]);
        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket, Key = "wrong.bin", UploadId = uploadId, PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }));
        Assert.Equal("InvalidPart", wrong.ErrorCode);

        using var http = localAws.CreateHttpClient();
        var body = $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{parts[1].ETag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>{parts[0].ETag}</ETag></Part></CompleteMultipartUpload>";
        var response = await http.PostAsync($"/{_bucket}/wrong.bin?uploadId={Uri.EscapeDataString(uploadId)}", new StringContent(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidPartOrder</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aborted_upload_is_gone()
    {
        var (uploadId, parts) = await UploadAsync("aborted.bin", [1]);
        var aborted = await _s3.AbortMultipartUploadAsync(_bucket, "aborted.bin", uploadId);
        Assert.Equal(HttpStatusCode.NoContent, aborted.HttpStatusCode);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = _bucket, Key = "aborted.bin", UploadId = uploadId, PartETags = parts }));
        Assert.Equal("NoSuchUpload", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, "aborted.bin"));
    }

    [Fact]
    public async Task Part_numbers_outside_1_to_10000_are_InvalidArgument()
    {
        var created = await _s3.InitiateMultipartUploadAsync(_bucket, "numbers.bin");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket, Key = "numbers.bin", UploadId = created.UploadId, PartNumber = 10001, InputStream = new MemoryStream([1]),
        }));
        Assert.Equal("InvalidArgument", error.ErrorCode);
    }
}
