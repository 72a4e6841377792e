using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

/// <summary>How requests reach S3: virtual-hosted and path-style addressing, presigned URLs, SigV4 headers, unknown operations.</summary>
public class S3AccessTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    /// <summary>
    /// Sends every connection to LocalAws's loopback port whatever the host name, so <c>bucket.localhost</c> works even
    /// where the resolver does not map *.localhost to loopback (this machine's does not).
    /// </summary>
    private sealed class LoopbackHttpClientFactory(int port) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
    }

    private AmazonS3Client CreateVirtualHostedClient() => new(LocalAwsFixture.Credentials, new AmazonS3Config
    {
        ServiceURL = $"http://localhost:{localAws.BaseUrl.Port}",
        AuthenticationRegion = LocalAwsFixture.Region,
        ForcePathStyle = false,
        MaxErrorRetry = 0,
        HttpClientFactory = new LoopbackHttpClientFactory(localAws.BaseUrl.Port),
    });

    [Fact]
    public async Task Virtual_hosted_style_requests_address_the_bucket_by_host()
    {
        using var s3 = CreateVirtualHostedClient();
        var bucket = LocalAwsFixture.UniqueName("vhost");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/file.txt", ContentBody = "virtual" });
        var addressed = new Uri(await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "dir/file.txt", Expires = DateTime.UtcNow.AddMinutes(1), Protocol = Protocol.HTTP }));
        Assert.Equal($"{bucket}.localhost", addressed.Host);
        Assert.Equal("/dir/file.txt", addressed.AbsolutePath);

        using var get = await s3.GetObjectAsync(bucket, "dir/file.txt");
        using var reader = new StreamReader(get.ResponseStream);
        Assert.Equal("virtual", await reader.ReadToEndAsync());
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["dir/file.txt"], listing.S3Objects.Select(o => o.Key));

        // The same object, path-style.
        using var pathStyle = localAws.CreateS3Client(forcePathStyle: true);
        var head = await pathStyle.GetObjectMetadataAsync(bucket, "dir/file.txt");
        Assert.Equal(7, head.ContentLength);
        await s3.DeleteObjectAsync(bucket, "dir/file.txt");
        await s3.DeleteBucketAsync(bucket);
    }

    [Theory]
    [InlineData("{0}.localhost")]
    [InlineData("{0}.s3.localhost.localstack.cloud")]
    public async Task A_bucket_in_the_host_header_is_virtual_hosted(string hostPattern)
    {
        using var s3 = localAws.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("host");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "by host" });

        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/k");
        request.Headers.Host = string.Format(CultureInfo.InvariantCulture, hostPattern, bucket) + ":" + localAws.BaseUrl.Port.ToString(CultureInfo.InvariantCulture);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("by host", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_presigned_get_url_opens_with_a_plain_http_client()
    {
        using var s3 = localAws.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("presign");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "invoices/inv 1.txt", ContentBody = "invoice body", ContentType = "text/plain" });

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "invoices/inv 1.txt",
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
            Verb = HttpVerb.GET,
        });
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("invoice body", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task An_expired_presigned_url_is_AccessDenied_request_has_expired()
    {
        using var s3 = localAws.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("expired");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });

        var signedAt = DateTime.UtcNow.AddHours(-2).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var query = $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDLOCALTEST%2F{signedAt[..8]}%2Fus-east-1%2Fs3%2Faws4_request" +
                    $"&X-Amz-Date={signedAt}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature={new string('0', 64)}";
        using var http = localAws.CreateHttpClient();
        var response = await http.GetAsync($"/{bucket}/k?{query}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires>", body, StringComparison.Ordinal);

        var tooLong = await http.GetAsync($"/{bucket}/k?{query.Replace("X-Amz-Expires=3600", "X-Amz-Expires=604801", StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("<Code>AuthorizationQueryParametersError</Code>", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3, SignedHeaders=host, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, Signature=abc")]
    public async Task A_malformed_authorization_header_is_AuthorizationHeaderMalformed(string authorization)
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unimplemented_operations_are_NotImplemented_never_a_silent_success()
    {
        using var s3 = localAws.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("unimpl");
        await s3.PutBucketAsync(bucket);

        var versioning = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }));
        Assert.Equal("NotImplemented", versioning.ErrorCode);
        Assert.Equal(HttpStatusCode.NotImplemented, versioning.StatusCode);

        var tagging = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "k" }));
        Assert.Equal("NotImplemented", tagging.ErrorCode);

        using var http = localAws.CreateHttpClient();
        var policy = await http.PutAsync($"/{bucket}?policy", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotImplemented, policy.StatusCode);
        Assert.Contains("<Message>A header you provided implies functionality that is not implemented</Message>", await policy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_s3_does_not_allow_is_MethodNotAllowed()
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/some-bucket/key");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("<Code>MethodNotAllowed</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Content.Headers.Allow.Count > 0);
    }
}
