using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

/// <summary>Objects through the real AmazonS3Client with its default checksum settings (aws-chunked bodies, CRC32 trailers).</summary>
public class S3ObjectTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly AmazonS3Client _s3 = localAws.CreateS3Client();
    private readonly string _bucket = LocalAwsFixture.UniqueName("objects");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    private static string Md5ETag(byte[] data) => "\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"";

    private Task<PutObjectResponse> PutAsync(string key, string body, string? contentType = null) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = body, ContentType = contentType });

    private async Task<string> ReadAsync(GetObjectResponse response)
    {
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Put_then_get_returns_the_payload_and_the_md5_etag_not_the_aws_chunked_framing()
    {
        var body = RandomNumberGenerator.GetBytes(10_000);
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "binary.bin", InputStream = new MemoryStream(body) });
        Assert.Equal(Md5ETag(body), put.ETag);

        using var get = await _s3.GetObjectAsync(_bucket, "binary.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal(body, copy.ToArray());
        Assert.Equal(Md5ETag(body), get.ETag);
        Assert.Equal(body.Length, get.ContentLength);
    }

    [Fact]
    public async Task Representation_headers_and_user_metadata_round_trip()
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "docs/invoice 1.txt",
            ContentBody = "invoice",
            ContentType = "text/plain; charset=utf-8",
        };
        request.Headers.ContentDisposition = "attachment; filename=\"invoice.txt\"";
        request.Headers.CacheControl = "max-age=60";
        request.Headers.ContentEncoding = "identity";
        request.Metadata.Add("order-id", "order-42");
        request.Metadata.Add("Customer", "ada");
        await _s3.PutObjectAsync(request);

        var head = await _s3.GetObjectMetadataAsync(_bucket, "docs/invoice 1.txt");
        Assert.Equal("text/plain; charset=utf-8", head.Headers.ContentType);
        Assert.Equal("attachment; filename=\"invoice.txt\"", head.Headers.ContentDisposition);
        Assert.Equal("max-age=60", head.Headers.CacheControl);
        Assert.Equal("identity", head.Headers.ContentEncoding);
        Assert.Equal("order-42", head.Metadata["order-id"]);
        Assert.Equal("ada", head.Metadata["customer"]);
        Assert.Equal(7, head.ContentLength);

        using var get = await _s3.GetObjectAsync(_bucket, "docs/invoice 1.txt");
        Assert.Equal("invoice", await ReadAsync(get));
        Assert.Equal("order-42", get.Metadata["order-id"]);
    }

    [Fact]
    public async Task Missing_key_is_NoSuchKey_with_the_key_and_head_is_a_bare_404()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(_bucket, "nope/missing.txt"));
        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);

        using var http = localAws.CreateHttpClient();
        var response = await http.GetAsync($"/{_bucket}/nope/missing.txt");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope/missing.txt</Key>", body, StringComparison.Ordinal);

        using var head = new HttpRequestMessage(HttpMethod.Head, $"/{_bucket}/nope/missing.txt");
        var headResponse = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.NotFound, headResponse.StatusCode);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-4", "01234", "bytes 0-4/10")]
    [InlineData("bytes=7-", "789", "bytes 7-9/10")]
    [InlineData("bytes=-3", "789", "bytes 7-9/10")]
    [InlineData("bytes=8-100", "89", "bytes 8-9/10")]
    [InlineData("bytes=-100", "0123456789", "bytes 0-9/10")]
    public async Task Ranges_answer_206_with_content_range(string range, string expected, string contentRange)
    {
        var key = "range-" + Guid.NewGuid().ToString("N");
        await PutAsync(key, "0123456789");
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{_bucket}/{key}");
        request.Headers.TryAddWithoutValidation("Range", range);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(contentRange, response.Content.Headers.GetValues("Content-Range").Single());
    }

    [Fact]
    public async Task Sdk_byte_range_reads_part_of_the_object()
    {
        await PutAsync("sdk-range.txt", "hello range");
        using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "sdk-range.txt", ByteRange = new ByteRange(6, 10) });
        Assert.Equal("range", await ReadAsync(get));
        Assert.Equal(HttpStatusCode.PartialContent, get.HttpStatusCode);
    }

    [Fact]
    public async Task A_range_past_the_end_is_InvalidRange_416()
    {
        await PutAsync("short.txt", "abc");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "short.txt", ByteRange = new ByteRange("bytes=5-9") }));
        Assert.Equal("InvalidRange", error.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
    }

    [Fact]
    public async Task Malformed_or_multiple_ranges_are_ignored_and_the_whole_object_is_served()
    {
        await PutAsync("whole.txt", "whole");
        using var http = localAws.CreateHttpClient();
        foreach (var range in new[] { "bytes=3-1", "bytes=0-1,3-4", "items=0-1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{_bucket}/whole.txt");
            request.Headers.TryAddWithoutValidation("Range", range);
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("whole", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Conditional_gets_answer_304_and_412_as_s3_does()
    {
        var put = await PutAsync("conditional.txt", "v1");
        var head = await _s3.GetObjectMetadataAsync(_bucket, "conditional.txt");
        var lastModified = head.LastModified!.Value.ToUniversalTime();

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", EtagToMatch = "\"0123456789abcdef0123456789abcdef\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal("PreconditionFailed", failed.ErrorCode);

        using (var matched = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", EtagToMatch = put.ETag }))
        {
            Assert.Equal("v1", await ReadAsync(matched));
        }

        var unchangedSince = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", ModifiedSinceDate = lastModified.AddSeconds(1) }));
        Assert.Equal(HttpStatusCode.NotModified, unchangedSince.StatusCode);
        using (var modified = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", ModifiedSinceDate = lastModified.AddHours(-1) }))
        {
            Assert.Equal("v1", await ReadAsync(modified));
        }

        var modifiedAfter = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", UnmodifiedSinceDate = lastModified.AddHours(-1) }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, modifiedAfter.StatusCode);

        // If-Match that holds wins over an If-Unmodified-Since that does not (S3's documented precedence).
        using var both = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "conditional.txt", EtagToMatch = put.ETag, UnmodifiedSinceDate = lastModified.AddHours(-1) });
        Assert.Equal(HttpStatusCode.OK, both.HttpStatusCode);
    }

    [Fact]
    public async Task Response_header_overrides_in_the_query_replace_the_stored_headers()
    {
        await PutAsync("override.txt", "text", "text/plain");
        using var get = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket,
            Key = "override.txt",
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentType = "application/json", ContentDisposition = "attachment; filename=x.json", CacheControl = "no-cache" },
        });
        Assert.Equal("application/json", get.Headers.ContentType);
        Assert.Equal("attachment; filename=x.json", get.Headers.ContentDisposition);
        Assert.Equal("no-cache", get.Headers.CacheControl);
    }

    [Fact]
    public async Task Object_without_content_type_is_binary_octet_stream()
    {
        using var http = localAws.CreateHttpClient();
        var content = new ByteArrayContent("x"u8.ToArray());
        var put = await http.PutAsync($"/{_bucket}/untyped", content);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var get = await http.GetAsync($"/{_bucket}/untyped");
        Assert.Equal("binary/octet-stream", get.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Delete_answers_204_even_when_the_key_is_missing()
    {
        await PutAsync("doomed.txt", "bye");
        var deleted = await _s3.DeleteObjectAsync(_bucket, "doomed.txt");
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        var again = await _s3.DeleteObjectAsync(_bucket, "doomed.txt");
        Assert.Equal(HttpStatusCode.NoContent, again.HttpStatusCode);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, "doomed.txt"));
    }

    [Fact]
    public async Task Delete_objects_reports_each_key_unless_quiet()
    {
        await PutAsync("batch/1", "1");
        await PutAsync("batch/2", "2");
        var result = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = _bucket,
            Objects = [new KeyVersion { Key = "batch/1" }, new KeyVersion { Key = "batch/2" }, new KeyVersion { Key = "batch/never" }],
        });
        Assert.Equal(["batch/1", "batch/2", "batch/never"], result.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.True(result.DeleteErrors is null || result.DeleteErrors.Count == 0);

        await PutAsync("batch/3", "3");
        var quiet = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = _bucket, Quiet = true, Objects = [new KeyVersion { Key = "batch/3" }] });
        Assert.True(quiet.DeletedObjects is null || quiet.DeletedObjects.Count == 0);
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "batch/" });
        Assert.True(listing.S3Objects is null || listing.S3Objects.Count == 0);
    }

    [Fact]
    public async Task Delete_objects_with_malformed_xml_is_MalformedXML_and_deletes_nothing()
    {
        await PutAsync("kept.txt", "kept");
        using var http = localAws.CreateHttpClient();
        var response = await http.PostAsync($"/{_bucket}?delete", new StringContent("<Delete><Object><Key>kept.txt</Key></Object>"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>MalformedXML</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, (await _s3.GetObjectMetadataAsync(_bucket, "kept.txt")).ContentLength);
    }

    [Fact]
    public async Task Copy_keeps_metadata_by_default_and_replaces_it_on_request()
    {
        var put = new PutObjectRequest { BucketName = _bucket, Key = "source.txt", ContentBody = "copy me", ContentType = "text/plain" };
        put.Metadata.Add("origin", "source");
        var source = await _s3.PutObjectAsync(put);

        var copied = await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = _bucket, SourceKey = "source.txt", DestinationBucket = _bucket, DestinationKey = "copies/a.txt" });
        Assert.Equal(source.ETag, copied.ETag);
        var copyHead = await _s3.GetObjectMetadataAsync(_bucket, "copies/a.txt");
        Assert.Equal("source", copyHead.Metadata["origin"]);
        Assert.Equal("text/plain", copyHead.Headers.ContentType);

        var replace = new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "source.txt",
            DestinationBucket = _bucket,
            DestinationKey = "copies/b.txt",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "application/x-copy",
        };
        replace.Metadata.Add("origin", "replaced");
        await _s3.CopyObjectAsync(replace);
        var replacedHead = await _s3.GetObjectMetadataAsync(_bucket, "copies/b.txt");
        Assert.Equal("replaced", replacedHead.Metadata["origin"]);
        Assert.Equal("application/x-copy", replacedHead.Headers.ContentType);
        using var get = await _s3.GetObjectAsync(_bucket, "copies/b.txt");
        Assert.Equal("copy me", await ReadAsync(get));
    }

    [Fact]
    public async Task Copy_onto_itself_without_replacing_metadata_is_InvalidRequest_and_a_missing_source_is_NoSuchKey()
    {
        await PutAsync("self.txt", "self");
        var self = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(_bucket, "self.txt", _bucket, "self.txt"));
        Assert.Equal("InvalidRequest", self.ErrorCode);

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(_bucket, "absent.txt", _bucket, "target.txt"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
    }

    [Fact]
    public async Task Copy_with_a_failing_source_condition_is_PreconditionFailed()
    {
        await PutAsync("cond-source.txt", "x");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket, SourceKey = "cond-source.txt", DestinationBucket = _bucket, DestinationKey = "cond-target.txt",
            ETagToMatch = "\"ffffffffffffffffffffffffffffffff\"",
        }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
    }

    [Fact]
    public async Task Put_if_none_match_star_refuses_to_overwrite()
    {
        await PutAsync("once.txt", "first");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "once.txt", ContentBody = "second", IfNoneMatch = "*" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        using var get = await _s3.GetObjectAsync(_bucket, "once.txt");
        Assert.Equal("first", await ReadAsync(get));
    }

    [Fact]
    public async Task Keys_with_spaces_unicode_and_reserved_characters_round_trip()
    {
        string[] keys = ["a b/c+d.txt", "ünïcødé/ключ.txt", "q?x=1&y#z", "trailing/slash/", "double//slash"];
        foreach (var key in keys)
        {
            await PutAsync(key, key);
        }
        foreach (var key in keys)
        {
            using var get = await _s3.GetObjectAsync(_bucket, key);
            Assert.Equal(key, await ReadAsync(get));
        }
        // The .NET SDK leaves url-encoded keys as they come; decoding them gives the keys back.
        var encoded = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Encoding = EncodingType.Url });
        var plain = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
        foreach (var key in keys)
        {
            Assert.Contains(encoded.S3Objects, o => Uri.UnescapeDataString(o.Key) == key);
            Assert.Contains(plain.S3Objects, o => o.Key == key);
        }
        Assert.Contains(encoded.S3Objects, o => o.Key == "a%20b/c%2Bd.txt");
    }

    [Fact]
    public async Task Empty_object_has_the_md5_of_nothing()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "empty", InputStream = new MemoryStream() });
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", put.ETag);
        using var get = await _s3.GetObjectAsync(_bucket, "empty");
        Assert.Equal(string.Empty, await ReadAsync(get));
    }

    [Fact]
    public async Task Overwriting_replaces_body_and_metadata()
    {
        var first = new PutObjectRequest { BucketName = _bucket, Key = "over.txt", ContentBody = "one" };
        first.Metadata.Add("version", "1");
        await _s3.PutObjectAsync(first);
        await PutAsync("over.txt", "two!");
        var head = await _s3.GetObjectMetadataAsync(_bucket, "over.txt");
        Assert.Equal(4, head.ContentLength);
        Assert.False(head.Metadata.Keys.Contains("x-amz-meta-version"));
        Assert.Equal(Md5ETag(Encoding.UTF8.GetBytes("two!")), head.ETag);
    }

    [Fact]
    public async Task Concurrent_writers_and_deleters_leave_a_consistent_bucket()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"concurrent/{i:D2}").ToArray();
        await Task.WhenAll(keys.Select(key => PutAsync(key, key)));
        // Half are deleted while all are overwritten at the same time; each key ends up either deleted or rewritten.
        await Task.WhenAll(keys.Select((key, i) => i % 2 == 0 ? _s3.DeleteObjectAsync(_bucket, key) : (Task)PutAsync(key, key + "!")));
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "concurrent/" });
        Assert.Equal(keys.Where((_, i) => i % 2 == 1), listing.S3Objects.Select(o => o.Key));
        Assert.All(listing.S3Objects, o => Assert.Equal(o.Key.Length + 1, o.Size));
    }

    [Fact]
    public async Task Non_ASCII_header_values_round_trip_and_user_metadata_comes_back_RFC_2047_encoded()
    {
        using var handler = new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        using var http = new HttpClient(handler) { BaseAddress = localAws.BaseUrl };
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/receipt.txt") { Content = new ByteArrayContent("receipt"u8.ToArray()) };
        put.Headers.TryAddWithoutValidation("x-amz-meta-city", "Zürich");
        put.Headers.TryAddWithoutValidation("x-amz-meta-plain", "ascii");
        put.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=\"Quittung für Zürich.txt\"");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(put)).StatusCode);

        // Before, writing these headers back failed the response with a 500, and the object could never be read.
        using var get = await http.GetAsync($"/{_bucket}/receipt.txt");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("receipt", await get.Content.ReadAsStringAsync());
        Assert.Equal("attachment; filename=\"Quittung für Zürich.txt\"", string.Join(",", get.Content.Headers.GetValues("Content-Disposition")));
        // S3 returns non-ASCII metadata "encoded as per RFC 2047 to make them mail-safe" (the user guide), ASCII as it is.
        Assert.Equal("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Zürich")) + "?=", get.Headers.GetValues("x-amz-meta-city").Single());
        Assert.Equal("ascii", get.Headers.GetValues("x-amz-meta-plain").Single());
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/{_bucket}/receipt.txt"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Metadata_sent_as_an_RFC_2047_encoded_word_is_stored_decoded_and_read_back_encoded()
    {
        // A value sent as an RFC 2047 encoded word is "character decoded ... before storing" (the S3 user guide), and
        // encoded again when read.
        using var http = localAws.CreateHttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/{_bucket}/word.txt") { Content = new ByteArrayContent("x"u8.ToArray()) };
        put.Headers.TryAddWithoutValidation("x-amz-meta-city", "=?UTF-8?B?WsO8cmljaA==?=");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(put)).StatusCode);
        var stored = localAws.App.Services.GetRequiredService<Shop.LocalAws.S3.State.S3Store>().GetBucket(_bucket).Find("word.txt")!;
        Assert.Equal("Zürich", stored.Headers.Metadata["city"]);
        using var get = await http.GetAsync($"/{_bucket}/word.txt");
        Assert.Equal("=?UTF-8?B?WsO8cmljaA==?=", get.Headers.GetValues("x-amz-meta-city").Single());
    }

    [Theory]
    [InlineData("=?UTF-8?B?WsO8cmljaA==?=", "Zürich")]
    [InlineData("=?utf-8?q?Z=C3=BCrich_West?=", "Zürich West")]
    [InlineData("=?ISO-8859-1?B?3A==?=", "=?ISO-8859-1?B?3A==?=")]
    [InlineData("=?UTF-8?B?not base64?=", "=?UTF-8?B?not base64?=")]
    [InlineData("plain", "plain")]
    public void Metadata_values_are_decoded_as_RFC_2047_says_when_they_are_one_UTF_8_encoded_word(string sent, string stored) =>
        Assert.Equal(stored, Shop.LocalAws.S3.Protocol.ObjectHeaderCodec.FromMailSafe(sent));

    [Theory]
    [InlineData("response-content-type", "text/plain%0d%0aSet-Cookie:%20x=1")]
    [InlineData("response-content-disposition", "attachment%3B%20filename%3D%22%E2%82%AC.txt%22")]
    public async Task A_response_header_override_that_cannot_be_a_header_value_is_refused(string parameter, string value)
    {
        await PutAsync("override.txt", "body");
        using var http = localAws.CreateHttpClient();

        using var response = await http.GetAsync($"/{_bucket}/override.txt?{parameter}={value}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>InvalidArgument</Code><Message>Header value cannot be represented using ISO-8859-1.</Message>", error, StringComparison.Ordinal);
        Assert.Contains($"<ArgumentName>{parameter}</ArgumentName>", error, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
