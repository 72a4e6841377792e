using Amazon.Runtime;

namespace Shop.Functions.Aws.SesV2;

/// <summary>Where and as whom <see cref="SesV2Client"/> calls SES v2.</summary>
public sealed record SesV2ClientOptions
{
    /// <summary>The region requests are signed for and, without <see cref="ServiceUrl"/>, sent to.</summary>
    public required string Region { get; init; }

    /// <summary>An endpoint override (LocalAws, LocalStack); null means AWS's own <c>https://email.{region}.amazonaws.com</c>.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>Credentials to sign with; null resolves the SDK's default chain (environment, profile, container, instance) on first use.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => ServiceUrl ?? new Uri($"https://email.{Region}.amazonaws.com");

    /// <summary>
    /// Options as Lambda and the standard AWS settings describe them: <c>AWS_REGION</c> (Lambda always sets it;
    /// <c>AWS_DEFAULT_REGION</c> and then us-east-1 otherwise), <c>AWS_ENDPOINT_URL_SESV2</c> or <c>AWS_ENDPOINT_URL</c>,
    /// and the default credential chain (in Lambda: the role's key, secret and session token from the environment).
    /// </summary>
    public static SesV2ClientOptions FromEnvironment()
    {
        var region = NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))
            ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
            ?? "us-east-1";
        var endpoint = AwsEndpoints.For("SESV2");
        return new SesV2ClientOptions
        {
            Region = region,
            ServiceUrl = endpoint is null ? null : new Uri(endpoint, UriKind.Absolute),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
