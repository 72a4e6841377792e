using System.Text.Json.Nodes;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>The AWS SDK for JavaScript v3 against LocalAws: LocalAws is not tuned to the .NET SDK.</summary>
public class SqsJavaScriptSdkTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task JavaScript_sdk_sends_receives_and_deletes_messages_with_attributes()
    {
        var name = LocalAwsFixture.UniqueName("js");
        var output = await NodeOracle.RunScriptAsync(
            RepositoryPaths.Combine("Shop.Tests", "LocalAws", "Sqs", "sqs-js-sdk-roundtrip.mjs"),
            new Dictionary<string, string> { ["LOCALAWS_URL"] = localAws.BaseUrl.ToString().TrimEnd('/'), ["QUEUE_NAME"] = name });
        var result = JsonNode.Parse(output.Trim().Split('\n')[^1])!;

        Assert.EndsWith("/000000000000/" + name, result["queueUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["one", "two"], result["batchSuccessful"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["batch one", "batch two", "héllo from JavaScript"], result["bodies"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("19.99", result["total"]!.GetValue<string>());
        Assert.Equal([1, 2, 3, 250], result["blob"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.All(result["receiveCounts"]!.AsArray(), n => Assert.Equal("1", n!.GetValue<string>()));
        Assert.Equal("AKIDJSSDK", Assert.Single(result["senderIds"]!.AsArray())!.GetValue<string>());
        Assert.True(result["emptyAfterDelete"]!.GetValue<bool>());
        Assert.Equal("0", result["visibleAfter"]!.GetValue<string>());
        Assert.Equal("0", result["inFlightAfter"]!.GetValue<string>());
        Assert.Equal("QueueDoesNotExist", result["missingQueue"]!.GetValue<string>());
    }
}
