namespace Shop.Functions.Aws;

/// <summary>
/// Where the AWS clients send requests. In Lambda nothing is set and the SDK uses the real regional endpoints;
/// locally the standard <c>AWS_ENDPOINT_URL</c> (or <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>) points them at LocalAws.
/// See https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
/// </summary>
public static class AwsEndpoints
{
    /// <summary>The endpoint override for a service (its environment-variable id, e.g. "DYNAMODB", "SESV2"), or null for AWS's own.</summary>
    public static string? For(string serviceId) => For(serviceId, Environment.GetEnvironmentVariable);

    /// <summary>The same, reading variables from <paramref name="environment"/> (tests give each function its own).</summary>
    public static string? For(string serviceId, Func<string, string?> environment) =>
        NonEmpty(environment("AWS_ENDPOINT_URL_" + serviceId))
        ?? NonEmpty(environment("AWS_ENDPOINT_URL"));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
