using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws;

/// <summary>
/// What the request router answers on its own, over Kestrel's HTTP server (the JSON fast path is off here, so every
/// request reaches the router): a request that names no service we emulate, and a request whose body ends early
/// (the client's bad request or its abort, never a server fault logged as an error of ours).
/// </summary>
public sealed class AwsRequestRouterTests(AwsRequestRouterTests.KestrelOnlyFixture fixture) : IClassFixture<AwsRequestRouterTests.KestrelOnlyFixture>
{
    public sealed class KestrelOnlyFixture : LocalAwsFixture
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Logged { get; } = new();

        protected override void Configure(LocalAwsOptions options) => options.JsonFastPath = false;

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<ILoggerProvider>(new CollectingLoggerProvider(Logged));
    }

    [Fact]
    public async Task A_target_of_a_service_we_do_not_emulate_is_UnknownOperationException_with_its_length()
    {
        using var connection = await RawHttpConnection.OpenAsync(fixture.App);
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}");

        var answer = await connection.ReadResponseAsync();

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"__type":"com.amazon.coral.service#UnknownOperationException"}""", answer.BodyText);
        Assert.Equal(answer.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("Content-Length"));
        Assert.DoesNotContain(answer.Headers, h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("DynamoDB_20120810.PutItem", "dynamodb")]
    [InlineData("AmazonSQS.SendMessage", "sqs")]
    public async Task A_body_that_ends_before_its_Content_Length_is_a_bad_request_and_not_a_failure_of_ours(string target, string service)
    {
        var accessKey = "AKID" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        using var connection = await RawHttpConnection.OpenAsync(fixture.App);
        await connection.SendAsync($"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + $"Authorization: AWS4-HMAC-SHA256 Credential={accessKey}/20261206/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0\r\n"
            + "Content-Length: 100\r\n\r\n{\"TableName\":");
        // The client goes away mid-body: Kestrel ends the connection, and the service's read of the body fails.
        connection.EndSending();
        Assert.True(await connection.IsClosedByServerAsync());

        var callLog = fixture.App.Services.GetRequiredService<Shop.LocalAws.Protocol.AwsCallLog>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Shop.LocalAws.Protocol.AwsCall? call;
        while ((call = callLog.Snapshot().Cast<Shop.LocalAws.Protocol.AwsCall?>().FirstOrDefault(c => c!.Value.AccessKeyId == accessKey)) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        // Which the service sees first, the abort or the short body, is a race: either way it is no fault of ours.
        Assert.NotNull(call);
        Assert.True(call.Value.StatusCode is 200 or 400, $"recorded as {call.Value.StatusCode}");
        Assert.DoesNotContain(fixture.Logged, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_feature_answered_as_not_implemented_is_a_warning_not_a_logged_failure()
    {
        using var s3 = fixture.CreateS3Client();
        var bucket = LocalAwsFixture.UniqueName("notimpl");
        await s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => s3.GetBucketPolicyAsync(new Amazon.S3.Model.GetBucketPolicyRequest { BucketName = bucket }));

        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Contains(fixture.Logged, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("not implemented", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logged, entry => entry.Level >= LogLevel.Error);
    }
}
