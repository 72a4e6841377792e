using System.Text.Json;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Ses;

/// <summary>The AWS SDK for JavaScript v3 (@aws-sdk/client-sesv2) against LocalAws: LocalAws is not tuned to one client.</summary>
public class SesV2JavaScriptSdkTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task The_javascript_sdk_creates_an_identity_sends_an_email_and_reads_aws_errors()
    {
        var sender = SesTestSupport.UniqueAddress("js");
        var script = RepositoryPaths.Combine("Shop.Tests", "LocalAws", "Ses", "sesv2-sdk-js.mjs");

        var output = await NodeOracle.RunScriptAsync(script, new Dictionary<string, string>
        {
            ["LOCALAWS_ENDPOINT"] = localAws.BaseUrl.ToString().TrimEnd('/'),
            ["SES_SENDER"] = sender,
        });

        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal("EMAIL_ADDRESS", root.GetProperty("createdType").GetString());
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal("SUCCESS", root.GetProperty("verificationStatus").GetString());
        Assert.Equal("MessageRejected", root.GetProperty("rejected").GetProperty("name").GetString());
        Assert.Equal(400, root.GetProperty("rejected").GetProperty("status").GetInt32());
        Assert.StartsWith("Email address is not verified.", root.GetProperty("rejected").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("NotFoundException", root.GetProperty("missing").GetProperty("name").GetString());
        Assert.Equal(404, root.GetProperty("missing").GetProperty("status").GetInt32());

        var stored = await localAws.SentMessageAsync(root.GetProperty("messageId").GetString()!);
        Assert.Equal(sender, stored.From);
        Assert.Equal(["ann@example.com"], stored.Destination.To);
        Assert.Equal(["carol@example.com"], stored.Destination.Cc);
        Assert.Equal(["help@example.com"], stored.ReplyTo);
        Assert.Equal("From the JavaScript SDK", stored.Subject);
        Assert.Equal("Hello from JS", stored.Body.Text);
    }
}
