using Shop.LocalAws.Protocol;

namespace Shop.Tests.LocalAws;

public class SigV4CredentialTests
{
    [Fact]
    public void A_well_formed_header_yields_access_key_region_and_service()
    {
        var ok = SigV4Credential.TryParseAuthorizationHeader(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
            out var credential, out var error);
        Assert.True(ok, error);
        Assert.Equal(new[] { "AKIDEXAMPLE", "20250101", "eu-west-1", "dynamodb" },
            new[] { credential!.AccessKeyId, credential.Date, credential.Region, credential.Service });
        Assert.Equal(["host", "x-amz-date"], credential.SignedHeaders);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", "Authorization header requires 'Credential' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host", "Authorization header requires 'Signature' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/wrong, SignedHeaders=host, Signature=x", "valid terminator")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/2025/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x", "ISO-8601")]
    public void A_malformed_header_is_rejected_with_a_reason(string header, string reason)
    {
        Assert.False(SigV4Credential.TryParseAuthorizationHeader(header, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_parsed_one_after_another_each_yield_their_own_credential()
    {
        string Header(string key, string region, string signedHeaders) =>
            $"AWS4-HMAC-SHA256 Credential={key}/20250101/{region}/sqs/aws4_request, SignedHeaders={signedHeaders}, Signature=abc";

        foreach (var (key, region, signedHeaders) in new[] { ("AKIDA", "eu-west-1", "host"), ("AKIDA", "eu-west-1", "host"), ("AKIDB", "eu-west-1", "host"), ("AKIDB", "us-east-2", "host"), ("AKIDB", "us-east-2", "host;x-amz-date") })
        {
            Assert.True(SigV4Credential.TryParseAuthorizationHeader(Header(key, region, signedHeaders), out var credential, out var error), error);
            Assert.Equal((key, region), (credential!.AccessKeyId, credential.Region));
            Assert.Equal(signedHeaders.Split(';'), credential.SignedHeaders);
        }
    }

    [Fact]
    public void A_part_without_an_equal_sign_is_rejected_with_the_header_quoted()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders, Signature=x";
        Assert.False(SigV4Credential.TryParseAuthorizationHeader(header, out _, out var error));
        Assert.Equal($"'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.", error);
    }

    [Fact]
    public void Every_missing_part_is_named()
    {
        Assert.False(SigV4Credential.TryParseAuthorizationHeader("AWS4-HMAC-SHA256 Signature=x", out _, out var error));
        Assert.StartsWith("Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_schemes_are_not_sigv4_and_not_an_error()
    {
        Assert.True(SigV4Credential.TryParseAuthorizationHeader("Bearer abc", out var credential, out _));
        Assert.Null(credential);
    }
}
