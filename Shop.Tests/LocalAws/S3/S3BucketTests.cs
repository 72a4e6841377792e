using System.Net;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.S3;

public class S3BucketTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonS3Client _s3 = localAws.CreateS3Client();

    [Fact]
    public async Task Created_bucket_is_listed_found_by_head_and_located_in_us_east_1()
    {
        var bucket = LocalAwsFixture.UniqueName("create");
        await _s3.PutBucketAsync(bucket);

        var list = await _s3.ListBucketsAsync();
        Assert.Contains(list.Buckets, b => b.BucketName == bucket);
        var head = await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket });
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
        var location = await _s3.GetBucketLocationAsync(bucket);
        Assert.True(string.IsNullOrEmpty(location.Location.Value), "us-east-1 buckets have an empty LocationConstraint");
    }

    [Fact]
    public async Task Bucket_with_a_location_constraint_reports_its_region()
    {
        var bucket = LocalAwsFixture.UniqueName("located");
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = new S3Region("eu-west-1") });

        var location = await _s3.GetBucketLocationAsync(bucket);
        Assert.Equal("eu-west-1", location.Location.Value);
        var head = await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket });
        Assert.Equal("eu-west-1", head.BucketRegion);
    }

    [Fact]
    public async Task Naming_us_east_1_as_location_constraint_is_invalid()
    {
        using var http = localAws.CreateHttpClient();
        var bucket = LocalAwsFixture.UniqueName("useast");
        var response = await http.PutAsync("/" + bucket, new StringContent(
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidLocationConstraint</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await FindBucketAsync(bucket));
    }

    private async Task<S3Bucket?> FindBucketAsync(string name) => (await _s3.ListBucketsAsync()).Buckets?.Find(b => b.BucketName == name);

    [Fact]
    public async Task Recreating_an_owned_bucket_is_ok_in_us_east_1_and_BucketAlreadyOwnedByYou_elsewhere()
    {
        var bucket = LocalAwsFixture.UniqueName("again");
        await _s3.PutBucketAsync(bucket);
        var again = await _s3.PutBucketAsync(bucket);
        Assert.Equal(HttpStatusCode.OK, again.HttpStatusCode);

        using var regional = localAws.CreateS3Client(region: "eu-west-1");
        var regionalBucket = LocalAwsFixture.UniqueName("again-eu");
        await regional.PutBucketAsync(new PutBucketRequest { BucketName = regionalBucket, BucketRegion = new S3Region("eu-west-1") });
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => regional.PutBucketAsync(new PutBucketRequest { BucketName = regionalBucket, BucketRegion = new S3Region("eu-west-1") }));
        Assert.Equal("BucketAlreadyOwnedByYou", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Fact]
    public async Task A_regional_endpoint_refuses_a_bucket_for_another_region()
    {
        using var regional = localAws.CreateS3Client(region: "eu-west-1");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => regional.PutBucketAsync(new PutBucketRequest
        {
            BucketName = LocalAwsFixture.UniqueName("elsewhere"),
            BucketRegion = new S3Region("us-west-2"),
        }));
        Assert.Equal("IllegalLocationConstraintException", error.ErrorCode);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper-case")]
    [InlineData("under_score")]
    [InlineData("-leading-dash")]
    [InlineData("double..dot")]
    [InlineData("192.168.5.4")]
    [InlineData("xn--punycode")]
    [InlineData("name-s3alias")]
    public async Task Invalid_bucket_names_are_rejected(string name)
    {
        using var http = localAws.CreateHttpClient();
        var response = await http.PutAsync("/" + name, null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>InvalidBucketName</Code>", body, StringComparison.Ordinal);
        Assert.Contains("<Message>The specified bucket is not valid.</Message>", body, StringComparison.Ordinal);
        var list = await _s3.ListBucketsAsync();
        Assert.DoesNotContain(list.Buckets ?? [], b => b.BucketName == name);
    }

    [Fact]
    public async Task Deleting_a_bucket_with_objects_is_BucketNotEmpty_and_an_empty_one_goes_away()
    {
        var bucket = LocalAwsFixture.UniqueName("delete");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a.txt", ContentBody = "a" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.DeleteBucketAsync(bucket));
        Assert.Equal("BucketNotEmpty", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);

        await _s3.DeleteObjectAsync(bucket, "a.txt");
        var deleted = await _s3.DeleteBucketAsync(bucket);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        var head = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task Operations_on_a_missing_bucket_are_NoSuchBucket_with_the_bucket_name()
    {
        var bucket = LocalAwsFixture.UniqueName("missing");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);

        using var http = localAws.CreateHttpClient();
        var response = await http.GetAsync($"/{bucket}/some/key");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<BucketName>{bucket}</BucketName>", body, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("x-amz-request-id"));
        Assert.Contains("<RequestId>" + response.Headers.GetValues("x-amz-request-id").Single() + "</RequestId>", body, StringComparison.Ordinal);
    }
}
