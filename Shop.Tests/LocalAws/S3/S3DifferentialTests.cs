using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

/// <summary>Starts s3rver 3.7.1 (npm) once for the differential tests.</summary>
public sealed class S3rverOracle : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "s3rver-" + Guid.NewGuid().ToString("N"));

    public NodeOracle Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // s3rver's bundled crypto needs OpenSSL's legacy provider on Node 17+.
        Server = await NodeOracle.StartAsync("node_modules/s3rver/bin/s3rver.js", $"--port {{port}} --address 127.0.0.1 --directory {_directory} --silent",
            new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider" });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>
/// The same request sequences against LocalAws and s3rver 3.7.1, comparing statuses, error codes, ETags, listings and
/// headers. Both clients use the settings s3rver needs (checksums only when required, unchunked uploads), because
/// s3rver stores aws-chunked bodies raw, framing included. Where s3rver departs from S3's documentation the test
/// says so and checks LocalAws against the documentation instead.
/// </summary>
public class S3DifferentialTests(LocalAwsFixture localAws, S3rverOracle oracle) : IClassFixture<LocalAwsFixture>, IClassFixture<S3rverOracle>
{
    private static AmazonS3Client Client(Uri serviceUrl) => new(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
    {
        ServiceURL = serviceUrl.ToString(),
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        MaxErrorRetry = 0,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>Runs one scenario against both servers (each with its own fresh bucket) and returns both transcripts.</summary>
    private async Task<(List<string> LocalAws, List<string> S3rver)> BothAsync(Func<AmazonS3Client, string, List<string>, Task> scenario)
    {
        async Task<List<string>> RunAsync(Uri url)
        {
            using var client = Client(url);
            var transcript = new List<string>();
            var bucket = LocalAwsFixture.UniqueName("diff");
            await client.PutBucketAsync(bucket);
            await scenario(client, bucket, transcript);
            return transcript;
        }
        var ours = await RunAsync(localAws.BaseUrl);
        return (ours, await RunAsync(oracle.Server.BaseUrl));
    }

    private static void AssertSameTranscript(List<string> s3rver, List<string> localAws)
    {
        var differences = Enumerable.Range(0, Math.Max(s3rver.Count, localAws.Count))
            .Where(i => s3rver.ElementAtOrDefault(i) != localAws.ElementAtOrDefault(i))
            .Select(i => $"s3rver:   {s3rver.ElementAtOrDefault(i)}\nLocalAws: {localAws.ElementAtOrDefault(i)}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static async Task<string> Outcome(Func<Task<string>> action)
    {
        try
        {
            return await action();
        }
        catch (AmazonS3Exception error)
        {
            return $"{(int)error.StatusCode} {error.ErrorCode}";
        }
    }

    private static PutObjectRequest Put(string bucket, string key, string body, string? contentType = null) =>
        new() { BucketName = bucket, Key = key, ContentBody = body, ContentType = contentType, UseChunkEncoding = false };

    private static async Task<string> ReadAsync(GetObjectResponse response)
    {
        using (response)
        {
            using var reader = new StreamReader(response.ResponseStream);
            return $"{(int)response.HttpStatusCode} {response.ETag} {response.Headers.ContentType} {response.ContentLength} {await reader.ReadToEndAsync()}";
        }
    }

    [Fact]
    public async Task Put_get_head_and_delete_agree()
    {
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            var put = Put(bucket, "docs/a b.txt", "hello world", "text/plain");
            put.Metadata.Add("order-id", "42");
            put.Headers.ContentDisposition = "attachment; filename=\"a.txt\"";
            put.Headers.CacheControl = "max-age=60";
            log.Add("put " + (await s3.PutObjectAsync(put)).ETag);
            log.Add("get " + await Outcome(async () => await ReadAsync(await s3.GetObjectAsync(bucket, "docs/a b.txt"))));
            log.Add("head " + await Outcome(async () =>
            {
                var head = await s3.GetObjectMetadataAsync(bucket, "docs/a b.txt");
                return $"{head.ContentLength} {head.ETag} {head.Metadata["order-id"]} {head.Headers.ContentDisposition} {head.Headers.CacheControl}";
            }));
            log.Add("missing " + await Outcome(async () => await ReadAsync(await s3.GetObjectAsync(bucket, "missing"))));
            log.Add("head-missing " + await Outcome(async () => (await s3.GetObjectMetadataAsync(bucket, "missing")).ETag ?? "no-etag"));
            log.Add("delete " + (int)(await s3.DeleteObjectAsync(bucket, "docs/a b.txt")).HttpStatusCode);
            log.Add("delete-again " + (int)(await s3.DeleteObjectAsync(bucket, "docs/a b.txt")).HttpStatusCode);
            log.Add("after-delete " + await Outcome(async () => await ReadAsync(await s3.GetObjectAsync(bucket, "docs/a b.txt"))));
            log.Add("no-bucket " + await Outcome(async () => await ReadAsync(await s3.GetObjectAsync(bucket + "-none", "k"))));
        });
        AssertSameTranscript(theirs, ours);
    }

    [Fact]
    public async Task Raw_response_headers_and_error_documents_agree()
    {
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            var put = Put(bucket, "dir/file.txt", "hello headers", "text/plain");
            put.Metadata.Add("color", "blue");
            await s3.PutObjectAsync(put);
            var url = s3.Config.ServiceURL.TrimEnd('/');
            using var http = new HttpClient();
            string Element(string body, string name) => System.Text.RegularExpressions.Regex.Match(body, $"<{name}>(.*?)</{name}>").Groups[1].Value;

            var get = await http.GetAsync($"{url}/{bucket}/dir/file.txt");
            log.Add($"get {(int)get.StatusCode} etag={get.Headers.ETag} type={get.Content.Headers.ContentType} length={get.Content.Headers.ContentLength} " +
                    $"ranges={string.Join(',', get.Headers.AcceptRanges)} modified={get.Content.Headers.LastModified is not null} meta={string.Join(',', get.Headers.GetValues("x-amz-meta-color"))}");
            using var head = new HttpRequestMessage(HttpMethod.Head, $"{url}/{bucket}/dir/file.txt");
            var headResponse = await http.SendAsync(head);
            log.Add($"head {(int)headResponse.StatusCode} etag={headResponse.Headers.ETag} length={headResponse.Content.Headers.ContentLength} body={(await headResponse.Content.ReadAsByteArrayAsync()).Length}");

            var missingKey = await http.GetAsync($"{url}/{bucket}/dir/none.txt");
            var missingKeyBody = await missingKey.Content.ReadAsStringAsync();
            log.Add($"missing-key {(int)missingKey.StatusCode} {Element(missingKeyBody, "Code")} {Element(missingKeyBody, "Message")} {Element(missingKeyBody, "Key")}");
            var missingBucket = await http.GetAsync($"{url}/{bucket}-none/k");
            var missingBucketBody = await missingBucket.Content.ReadAsStringAsync();
            log.Add($"missing-bucket {(int)missingBucket.StatusCode} {Element(missingBucketBody, "Code")} names-bucket={Element(missingBucketBody, "BucketName") == bucket + "-none"}");

            using var badRange = new HttpRequestMessage(HttpMethod.Get, $"{url}/{bucket}/dir/file.txt");
            badRange.Headers.TryAddWithoutValidation("Range", "bytes=100-200");
            var badRangeResponse = await http.SendAsync(badRange);
            var badRangeBody = await badRangeResponse.Content.ReadAsStringAsync();
            log.Add($"bad-range {(int)badRangeResponse.StatusCode} {Element(badRangeBody, "Code")} {Element(badRangeBody, "RangeRequested")}");
        });
        AssertSameTranscript(theirs, ours);
    }

    [Fact]
    public async Task Ranges_and_conditional_gets_agree()
    {
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            var eTag = (await s3.PutObjectAsync(Put(bucket, "digits", "0123456789"))).ETag;
            foreach (var range in new[] { new ByteRange(2, 5), new ByteRange("bytes=7-"), new ByteRange(8, 100), new ByteRange("bytes=20-30") })
            {
                log.Add($"range {range.FormattedByteRange} " + await Outcome(async () =>
                {
                    var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "digits", ByteRange = range });
                    var range2 = response.ContentRange;
                    return range2 + " " + await ReadAsync(response);
                }));
            }
            log.Add("if-none-match " + await Outcome(async () => await ReadAsync(await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "digits", EtagToNotMatch = eTag }))));
            log.Add("if-match " + await Outcome(async () => await ReadAsync(await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "digits", EtagToMatch = eTag }))));
        });
        AssertSameTranscript(theirs, ours);
    }

    [Fact]
    public async Task Listings_with_prefixes_delimiters_and_pages_agree()
    {
        // No key sits only under a nested prefix (like "e/f/g"): s3rver then omits the common prefix "e/", which S3 lists.
        string[] keys = ["a.txt", "b/1", "b/2", "b/c/3", "c/1", "d.txt", "z"];
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            foreach (var key in keys)
            {
                await s3.PutObjectAsync(Put(bucket, key, key));
            }
            async Task ListAsync(string label, ListObjectsV2Request request)
            {
                request.BucketName = bucket;
                var pages = 0;
                ListObjectsV2Response page;
                do
                {
                    page = await s3.ListObjectsV2Async(request);
                    log.Add($"{label} page {pages++}: keys=[{string.Join(',', page.S3Objects?.Select(o => $"{o.Key}:{o.Size}:{o.ETag}") ?? [])}] prefixes=[{string.Join(',', page.CommonPrefixes ?? [])}] truncated={page.IsTruncated} max={page.MaxKeys}");
                    request.ContinuationToken = page.NextContinuationToken;
                }
                while (page.IsTruncated == true && pages < 20);
            }
            await ListAsync("all", new ListObjectsV2Request());
            await ListAsync("prefix", new ListObjectsV2Request { Prefix = "b/" });
            await ListAsync("delimiter", new ListObjectsV2Request { Delimiter = "/" });
            await ListAsync("prefix+delimiter", new ListObjectsV2Request { Prefix = "b/", Delimiter = "/" });
            await ListAsync("paged", new ListObjectsV2Request { MaxKeys = 3 });
            await ListAsync("start-after", new ListObjectsV2Request { StartAfter = "b/c/3" });
            var v1 = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = 2, Marker = "b/1" });
            log.Add($"v1: [{string.Join(',', v1.S3Objects.Select(o => o.Key))}] truncated={v1.IsTruncated}");
            log.Add("bad max-keys " + await Outcome(async () => (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = -1 })).KeyCount?.ToString() ?? "none"));
        });
        AssertSameTranscript(theirs, ours);
    }

    [Fact]
    public async Task A_suffix_range_is_the_last_bytes_as_rfc_7233_says_where_s3rver_counts_from_the_start()
    {
        // "bytes=-3" means the last three bytes (RFC 7233 section 2.1, which S3's GetObject Range refers to);
        // s3rver serves bytes 0-3.
        async Task<string?> SuffixAsync(Uri url)
        {
            using var s3 = Client(url);
            var bucket = LocalAwsFixture.UniqueName("suffix");
            await s3.PutBucketAsync(bucket);
            await s3.PutObjectAsync(Put(bucket, "digits", "0123456789"));
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "digits", ByteRange = new ByteRange("bytes=-3") });
            return response.ContentRange;
        }
        Assert.Equal("bytes 7-9/10", await SuffixAsync(localAws.BaseUrl));
        Assert.Equal("bytes 0-3/10", await SuffixAsync(oracle.Server.BaseUrl));
    }

    [Fact]
    public async Task A_failing_if_match_is_PreconditionFailed_as_s3_documents_where_s3rver_ignores_it()
    {
        // GetObject documentation: "If-Match ... Return the object only if its entity tag (ETag) is the same as the
        // one specified; otherwise, return a 412 (precondition failed) error." s3rver serves the object.
        async Task<HttpStatusCode> IfMatchAsync(Uri url)
        {
            using var s3 = Client(url);
            var bucket = LocalAwsFixture.UniqueName("ifmatch");
            await s3.PutBucketAsync(bucket);
            await s3.PutObjectAsync(Put(bucket, "k", "v"));
            try
            {
                using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", EtagToMatch = "\"00000000000000000000000000000000\"" });
                return response.HttpStatusCode;
            }
            catch (AmazonS3Exception error)
            {
                return error.StatusCode;
            }
        }
        Assert.Equal(HttpStatusCode.PreconditionFailed, await IfMatchAsync(localAws.BaseUrl));
        Assert.Equal(HttpStatusCode.OK, await IfMatchAsync(oracle.Server.BaseUrl));
    }

    [Fact]
    public async Task Paging_with_a_delimiter_follows_s3_where_s3rver_does_not()
    {
        // s3rver counts only objects in KeyCount and continues after the last object, so a page that ends on a common
        // prefix repeats it. S3 counts keys and common prefixes together in KeyCount and max-keys, and continues after
        // the last entry of either kind (ListObjectsV2 documentation: "KeyCount ... number of keys returned").
        using var s3 = Client(localAws.BaseUrl);
        var bucket = LocalAwsFixture.UniqueName("diff-delim");
        await s3.PutBucketAsync(bucket);
        foreach (var key in new[] { "a/1", "a/2", "b", "c/1" })
        {
            await s3.PutObjectAsync(Put(bucket, key, key));
        }
        var first = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 2 });
        Assert.Equal(["a/"], first.CommonPrefixes);
        Assert.Equal(["b"], first.S3Objects.Select(o => o.Key));
        Assert.Equal(2, first.KeyCount);
        var second = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 2, ContinuationToken = first.NextContinuationToken });
        Assert.Equal(["c/"], second.CommonPrefixes);
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task Copy_agrees()
    {
        // The .NET SDK sends x-amz-copy-source as "bucket%2Fkey"; s3rver decodes it with decodeURI, which leaves %2F
        // encoded, and answers NoSuchBucket. S3 decodes the whole header. So the copies go over plain HTTP with the
        // slash unencoded, which both read alike.
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            var source = Put(bucket, "source", "copy me", "text/plain");
            source.Metadata.Add("origin", "source");
            await s3.PutObjectAsync(source);
            var url = s3.Config.ServiceURL.TrimEnd('/');
            using var http = new HttpClient();
            async Task<string> CopyAsync(string sourceKey, string target, params (string Name, string Value)[] headers)
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, $"{url}/{bucket}/{target}");
                request.Headers.Add("x-amz-copy-source", $"/{bucket}/{sourceKey}");
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
                var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var code = System.Text.RegularExpressions.Regex.Match(body, "<Code>(.*?)</Code>").Groups[1].Value;
                var eTag = System.Text.RegularExpressions.Regex.Match(body, "<ETag>(.*?)</ETag>").Groups[1].Value;
                return $"{(int)response.StatusCode} {code} {WebUtility.HtmlDecode(eTag)}";
            }
            log.Add("copy " + await CopyAsync("source", "copy"));
            var copied = await s3.GetObjectMetadataAsync(bucket, "copy");
            log.Add($"copied {copied.ETag} {copied.Metadata["origin"]} {copied.Headers.ContentType} {copied.ContentLength}");
            log.Add("replace " + await CopyAsync("source", "replaced", ("x-amz-metadata-directive", "REPLACE"), ("x-amz-meta-origin", "new"), ("Content-Type", "application/x-new")));
            var replaced = await s3.GetObjectMetadataAsync(bucket, "replaced");
            log.Add($"replaced {replaced.Metadata["origin"]} {replaced.Headers.ContentType}");
            log.Add("copy-missing " + await CopyAsync("absent", "x"));
            log.Add("copy-self " + await CopyAsync("source", "source"));
        });
        AssertSameTranscript(theirs, ours);
    }

    [Fact]
    public async Task Delete_objects_and_multipart_uploads_agree()
    {
        var part = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            await s3.PutObjectAsync(Put(bucket, "one", "1"));
            await s3.PutObjectAsync(Put(bucket, "two", "2"));
            var deleted = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "one" }, new KeyVersion { Key = "never" }] });
            log.Add($"delete-objects [{string.Join(',', deleted.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal))}]");
            var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
            log.Add($"left [{string.Join(',', left.S3Objects.Select(o => o.Key))}]");

            var upload = await s3.InitiateMultipartUploadAsync(bucket, "multi");
            var p1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "multi", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(part), UseChunkEncoding = false });
            var p2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "multi", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream([1, 2, 3]), UseChunkEncoding = false });
            log.Add($"parts {p1.ETag} {p2.ETag}");
            var done = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "multi", UploadId = upload.UploadId, PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)] });
            var multi = await s3.GetObjectMetadataAsync(bucket, "multi");
            log.Add($"multi {multi.ContentLength}");
            log.Add("etag " + done.ETag);
        });
        // s3rver gives a completed upload the MD5 of the whole object. S3 gives it the MD5 of the parts' binary MD5s
        // followed by "-" and the part count (Amazon S3 User Guide, "Checking object integrity").
        AssertSameTranscript(theirs[..^1], ours[..^1]);
        var partsLine = ours.Single(l => l.StartsWith("parts ", StringComparison.Ordinal)).Split(' ');
        var md5OfMd5s = MD5.HashData([.. Convert.FromHexString(partsLine[1].Trim('"')), .. Convert.FromHexString(partsLine[2].Trim('"'))]);
        Assert.Equal($"etag \"{Convert.ToHexStringLower(md5OfMd5s)}-2\"", ours[^1]);
    }

    [Fact]
    public async Task Bucket_lifecycle_agrees_except_where_s3rver_departs_from_s3()
    {
        var (ours, theirs) = await BothAsync(async (s3, bucket, log) =>
        {
            log.Add("head " + await Outcome(async () => ((int)(await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket })).HttpStatusCode).ToString()));
            log.Add("listed " + (await s3.ListBucketsAsync()).Buckets.Any(b => b.BucketName == bucket));
            await s3.PutObjectAsync(Put(bucket, "k", "v"));
            log.Add("delete-non-empty " + await Outcome(async () => ((int)(await s3.DeleteBucketAsync(bucket)).HttpStatusCode).ToString()));
            await s3.DeleteObjectAsync(bucket, "k");
            log.Add("delete " + await Outcome(async () => ((int)(await s3.DeleteBucketAsync(bucket)).HttpStatusCode).ToString()));
            log.Add("head-deleted " + await Outcome(async () => ((int)(await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket })).HttpStatusCode).ToString()));
            log.Add("invalid-name " + await Outcome(async () => ((int)(await s3.PutBucketAsync("Invalid_Name")).HttpStatusCode).ToString()));
        });
        AssertSameTranscript(theirs, ours);

        // Re-creating an owned bucket: s3rver answers 409 BucketAlreadyExists; S3's CreateBucket documentation says the
        // us-east-1 endpoint answers 200 (legacy) and other regions BucketAlreadyOwnedByYou, which LocalAws follows.
        using var oracleClient = Client(oracle.Server.BaseUrl);
        using var localClient = Client(localAws.BaseUrl);
        var again = LocalAwsFixture.UniqueName("again");
        await oracleClient.PutBucketAsync(again);
        await localClient.PutBucketAsync(again);
        Assert.Equal("BucketAlreadyExists", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => oracleClient.PutBucketAsync(again))).ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await localClient.PutBucketAsync(again)).HttpStatusCode);
    }

    [Fact]
    public async Task Aws_chunked_uploads_are_decoded_by_LocalAws_where_s3rver_stores_the_framing()
    {
        // The SDK's default upload: aws-chunked body with a CRC32 trailer. s3rver keeps the chunk framing as the object
        // (the "hello" below comes back wrapped in hex sizes and the trailer); S3 stores only the decoded payload.
        var config = new AmazonS3Config { ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        async Task<string> RoundTripAsync(Uri url)
        {
            config.ServiceURL = url.ToString();
            using var s3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), config);
            var bucket = LocalAwsFixture.UniqueName("chunked");
            await s3.PutBucketAsync(bucket);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "hello" });
            using var http = new HttpClient();
            return await http.GetStringAsync(new Uri(url, $"{bucket}/k"));
        }
        Assert.Equal("hello", await RoundTripAsync(localAws.BaseUrl));
        Assert.NotEqual("hello", await RoundTripAsync(oracle.Server.BaseUrl));
    }
}
