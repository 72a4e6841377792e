using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

/// <summary>aws-chunked bodies, trailing and header checksums, Content-MD5: decoded, verified, and returned when asked.</summary>
public class S3ChecksumTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly AmazonS3Client _s3 = localAws.CreateS3Client();
    private readonly string _bucket = LocalAwsFixture.UniqueName("checksums");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string> Algorithms => ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Sdk_trailing_checksum_is_verified_stored_and_returned_in_checksum_mode(string algorithm)
    {
        var body = RandomNumberGenerator.GetBytes(70_000);
        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "sum-" + algorithm,
            InputStream = new MemoryStream(body),
            ChecksumAlgorithm = new ChecksumAlgorithm(algorithm),
        });
        var sent = Checksum(put.ChecksumCRC32, put.ChecksumCRC32C, put.ChecksumCRC64NVME, put.ChecksumSHA1, put.ChecksumSHA256);
        Assert.False(string.IsNullOrEmpty(sent));

        // The SDK validates the returned checksum against the bytes it reads (ResponseChecksumValidation WHEN_SUPPORTED).
        using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "sum-" + algorithm, ChecksumMode = ChecksumMode.ENABLED });
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal(body, copy.ToArray());
        Assert.Equal(sent, Checksum(get.ChecksumCRC32, get.ChecksumCRC32C, get.ChecksumCRC64NVME, get.ChecksumSHA1, get.ChecksumSHA256));
    }

    private static string? Checksum(params string?[] values) => values.SingleOrDefault(v => !string.IsNullOrEmpty(v));

    [Fact]
    public async Task Default_sdk_upload_is_aws_chunked_with_a_crc32_trailer_and_gets_back_exactly_the_payload()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "default.txt", ContentBody = "hello" });
        Assert.Equal("NhCmhg==", put.ChecksumCRC32);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "default.txt", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(5, head.ContentLength);
        Assert.Equal("NhCmhg==", head.ChecksumCRC32);
    }

    [Fact]
    public async Task Checksums_are_returned_only_in_checksum_mode()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "quiet.txt", ContentBody = "hello" });
        using var http = localAws.CreateHttpClient();
        var plain = await http.GetAsync($"/{_bucket}/quiet.txt");
        Assert.False(plain.Headers.Contains("x-amz-checksum-crc32"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{_bucket}/quiet.txt");
        request.Headers.Add("x-amz-checksum-mode", "ENABLED");
        var enabled = await http.SendAsync(request);
        Assert.Equal("NhCmhg==", enabled.Headers.GetValues("x-amz-checksum-crc32").Single());
        Assert.Equal("FULL_OBJECT", enabled.Headers.GetValues("x-amz-checksum-type").Single());
    }

    [Fact]
    public async Task Upload_without_any_checksum_gets_s3s_default_crc64nvme()
    {
        using var http = localAws.CreateHttpClient();
        var put = await http.PutAsync($"/{_bucket}/plain.txt", new StringContent("hello"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = "plain.txt", ChecksumMode = ChecksumMode.ENABLED });
        Assert.False(string.IsNullOrEmpty(head.ChecksumCRC64NVME));
    }

    private static HttpRequestMessage ChunkedPut(string path, string body, string contentSha256, string? trailer, int decodedLength)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)) };
        request.Headers.Add("x-amz-content-sha256", contentSha256);
        request.Headers.Add("x-amz-decoded-content-length", decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        if (trailer is not null)
        {
            request.Headers.Add("x-amz-trailer", trailer);
        }
        return request;
    }

    [Fact]
    public async Task Unsigned_chunks_with_a_correct_trailer_store_only_the_payload()
    {
        using var http = localAws.CreateHttpClient();
        var response = await http.SendAsync(ChunkedPut($"/{_bucket}/raw-ok.txt",
            "3\r\nhel\r\n2\r\nlo\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-checksum-crc32", 5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"5d41402abc4b2a76b9719d911017c592\"", response.Headers.ETag!.ToString());
        Assert.Equal("hello", await http.GetStringAsync($"/{_bucket}/raw-ok.txt"));
    }

    [Fact]
    public async Task Signed_chunks_are_decoded_and_their_signatures_dropped()
    {
        var signature = new string('a', 64);
        using var http = localAws.CreateHttpClient();
        var response = await http.SendAsync(ChunkedPut($"/{_bucket}/raw-signed.txt",
            $"5;chunk-signature={signature}\r\nhello\r\n0;chunk-signature={signature}\r\n\r\n", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null, 5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await http.GetStringAsync($"/{_bucket}/raw-signed.txt"));
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", "AAAAAA==", "CRC32")]
    [InlineData("x-amz-checksum-crc32c", "AAAAAA==", "CRC32C")]
    [InlineData("x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "SHA256")]
    public async Task A_corrupted_trailing_checksum_is_BadDigest_and_stores_nothing(string trailer, string value, string name)
    {
        using var http = localAws.CreateHttpClient();
        var key = "raw-bad-" + name;
        var response = await http.SendAsync(ChunkedPut($"/{_bucket}/{key}",
            $"5\r\nhello\r\n0\r\n{trailer}:{value}\r\n\r\n", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", trailer, 5));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>BadDigest</Code>", body, StringComparison.Ordinal);
        Assert.Contains($"<Message>The {name} you specified did not match the calculated checksum.</Message>", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/{_bucket}/{key}")).StatusCode);
    }

    [Fact]
    public async Task A_missing_trailer_a_short_body_and_a_wrong_decoded_length_are_rejected()
    {
        using var http = localAws.CreateHttpClient();
        var noTrailer = await http.SendAsync(ChunkedPut($"/{_bucket}/no-trailer", "5\r\nhello\r\n0\r\n\r\n", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-checksum-crc32", 5));
        Assert.Equal(HttpStatusCode.BadRequest, noTrailer.StatusCode);
        Assert.Contains("<Code>MalformedTrailerError</Code>", await noTrailer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var truncated = await http.SendAsync(ChunkedPut($"/{_bucket}/truncated", "a\r\nhello", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", null, 10));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Contains("<Code>IncompleteBody</Code>", await truncated.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongLength = await http.SendAsync(ChunkedPut($"/{_bucket}/wrong-length", "5\r\nhello\r\n0\r\n\r\n", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", null, 7));
        Assert.Equal(HttpStatusCode.BadRequest, wrongLength.StatusCode);
        Assert.Contains("<Code>IncompleteBody</Code>", await wrongLength.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checksum_header_that_does_not_match_is_BadDigest()
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/header-bad") { Content = new StringContent("hello") };
        request.Headers.Add("x-amz-checksum-crc32", "AAAAAA==");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The CRC32 you specified did not match the calculated checksum.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_md5_is_verified()
    {
        using var http = localAws.CreateHttpClient();
        using var good = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/md5-good") { Content = new StringContent("hello") };
        good.Content.Headers.ContentMD5 = MD5.HashData("hello"u8);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(good)).StatusCode);

        using var bad = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/md5-bad") { Content = new StringContent("hello") };
        bad.Content.Headers.ContentMD5 = MD5.HashData("other"u8);
        var badResponse = await http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, badResponse.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await badResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var invalid = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/md5-invalid") { Content = new StringContent("hello") };
        invalid.Content.Headers.TryAddWithoutValidation("Content-MD5", "not-base64");
        var invalidResponse = await http.SendAsync(invalid);
        Assert.Contains("<Code>InvalidDigest</Code>", await invalidResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/{_bucket}/md5-bad")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_x_amz_content_sha256_is_XAmzContentSHA256Mismatch()
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/sha-bad") { Content = new StringContent("hello") };
        request.Headers.Add("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData("other"u8)));
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>XAmzContentSHA256Mismatch</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
