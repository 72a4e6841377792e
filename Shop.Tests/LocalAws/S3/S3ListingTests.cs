using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

public class S3ListingTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private static readonly string[] Keys =
    [
        "a.txt", "photos/2024/feb/1.jpg", "photos/2024/jan/1.jpg", "photos/2024/jan/2.jpg", "photos/2025/1.jpg",
        "photos/index.html", "videos/1.mp4", "videos/2.mp4", "z.txt",
    ];

    private readonly AmazonS3Client _s3 = localAws.CreateS3Client();
    private readonly string _bucket = LocalAwsFixture.UniqueName("listing");

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        foreach (var key in Keys.Reverse())
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = key });
        }
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keys_are_listed_in_order_with_size_etag_and_storage_class()
    {
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
        Assert.Equal(Keys, listing.S3Objects.Select(o => o.Key));
        Assert.Equal(Keys.Length, listing.KeyCount);
        Assert.False(listing.IsTruncated);
        var first = listing.S3Objects[0];
        Assert.Equal(5, first.Size);
        Assert.Equal(S3StorageClass.Standard, first.StorageClass);
        Assert.StartsWith("\"", first.ETag, StringComparison.Ordinal);
        Assert.Null(first.Owner);
    }

    [Fact]
    public async Task Delimiter_rolls_keys_up_into_common_prefixes()
    {
        var top = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Delimiter = "/" });
        Assert.Equal(["a.txt", "z.txt"], top.S3Objects.Select(o => o.Key));
        Assert.Equal(["photos/", "videos/"], top.CommonPrefixes);
        Assert.Equal(4, top.KeyCount);

        var photos = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Delimiter = "/", Prefix = "photos/" });
        Assert.Equal(["photos/index.html"], photos.S3Objects.Select(o => o.Key));
        Assert.Equal(["photos/2024/", "photos/2025/"], photos.CommonPrefixes);
        Assert.Equal("photos/", photos.Prefix);
    }

    [Fact]
    public async Task Pages_of_max_keys_continue_through_tokens_and_count_each_common_prefix_once()
    {
        var entries = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Delimiter = "/", MaxKeys = 1, ContinuationToken = token });
            pages++;
            Assert.Equal(1, page.KeyCount);
            entries.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            entries.AddRange(page.CommonPrefixes ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        Assert.Equal(["a.txt", "photos/", "videos/", "z.txt"], entries);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task Paging_without_a_delimiter_visits_every_key_once()
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, MaxKeys = 4 };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.ListObjectsV2Async(request);
            keys.AddRange(page.S3Objects.Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        Assert.Equal(Keys, keys);
    }

    [Fact]
    public async Task Start_after_skips_keys_up_to_and_including_it()
    {
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, StartAfter = "photos/index.html" });
        Assert.Equal(["videos/1.mp4", "videos/2.mp4", "z.txt"], listing.S3Objects.Select(o => o.Key));
        Assert.Equal("photos/index.html", listing.StartAfter);
    }

    [Fact]
    public async Task Fetch_owner_adds_the_owner()
    {
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, FetchOwner = true, MaxKeys = 1 });
        Assert.NotNull(listing.S3Objects[0].Owner?.Id);
    }

    [Fact]
    public async Task Max_keys_zero_returns_nothing_and_is_not_truncated()
    {
        using var http = localAws.CreateHttpClient();
        var body = await http.GetStringAsync($"/{_bucket}?list-type=2&max-keys=0");
        Assert.Contains("<KeyCount>0</KeyCount>", body, StringComparison.Ordinal);
        Assert.Contains("<IsTruncated>false</IsTruncated>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<Contents>", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max-keys=-1", "max-keys")]
    [InlineData("max-keys=ten", "max-keys")]
    [InlineData("encoding-type=base64", "encoding-type")]
    [InlineData("continuation-token=not-a-token", "continuation-token")]
    public async Task Bad_listing_parameters_are_InvalidArgument(string query, string argument)
    {
        using var http = localAws.CreateHttpClient();
        var response = await http.GetAsync($"/{_bucket}?list-type=2&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>InvalidArgument</Code>", body, StringComparison.Ordinal);
        Assert.Contains($"<ArgumentName>{argument}</ArgumentName>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_objects_v1_pages_with_markers_and_reports_owners()
    {
        var first = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, MaxKeys = 3 });
        Assert.Equal(Keys[..3], first.S3Objects.Select(o => o.Key));
        Assert.True(first.IsTruncated);
        Assert.NotNull(first.S3Objects[0].Owner);
        var second = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, Marker = first.S3Objects[^1].Key });
        Assert.Equal(Keys[3..], second.S3Objects.Select(o => o.Key));
        Assert.False(second.IsTruncated);

        var rolled = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, Delimiter = "/", MaxKeys = 2 });
        Assert.Equal("photos/", rolled.NextMarker);
        var rest = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = _bucket, Delimiter = "/", Marker = rolled.NextMarker });
        Assert.Equal(["z.txt"], rest.S3Objects.Select(o => o.Key));
        Assert.Equal(["videos/"], rest.CommonPrefixes);
    }
}
