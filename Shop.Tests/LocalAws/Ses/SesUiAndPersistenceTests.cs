using System.Net;
using Microsoft.Extensions.Logging;
using Shop.Functions.Aws.SesV2;
using Shop.LocalAws;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Ses;

public class SesUiAndPersistenceTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task A_message_page_shows_the_text_and_renders_the_html_in_a_sandboxed_iframe_without_scripts()
    {
        var ses = localAws.CreateSesClient();
        var sender = SesTestSupport.UniqueAddress();
        await ses.CreateEmailIdentityAsync(sender);
        var response = await ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, "ann@example.com") with
        {
            Content = new EmailContent
            {
                Simple = new Message
                {
                    Subject = new Content { Data = "<b>Hi</b>" },
                    Body = new Body
                    {
                        Text = new Content { Data = "Plain & <simple>" },
                        Html = new Content { Data = "<p onclick=\"steal()\">Hello</p><script>alert(1)</script>\"></iframe><script>alert(2)</script>" },
                    },
                },
            },
        });

        using var http = localAws.CreateHttpClient();
        var index = await http.GetStringAsync("/_localaws/ses");
        Assert.Contains($"/_localaws/ses/messages/{response.MessageId}", index, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Hi&lt;/b&gt;", index, StringComparison.Ordinal);
        Assert.Contains(sender, index, StringComparison.Ordinal);

        var page = await http.GetAsync($"/_localaws/ses/messages/{response.MessageId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Plain &amp; &lt;simple&gt;", html, StringComparison.Ordinal);
        Assert.Contains("sandbox=\"\"", html, StringComparison.Ordinal);
        Assert.Contains("srcdoc=\"&lt;p onclick=&quot;steal()&quot;&gt;Hello&lt;/p&gt;&lt;script&gt;", html, StringComparison.Ordinal);
        // The email's markup never appears unencoded in the page itself.
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick=\"", html, StringComparison.Ordinal);
        // No script-src: scripts fall back to default-src 'none', in the page and in the srcdoc frame that inherits it.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_message_page_is_not_found()
    {
        using var http = localAws.CreateHttpClient();
        var page = await http.GetAsync("/_localaws/ses/messages/nope");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Messages_json_filters_by_since_like_aws_ses_v2_local()
    {
        using var http = localAws.CreateHttpClient();
        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        var json = await http.GetStringAsync($"/_localaws/ses/messages.json?since={future}");
        Assert.Contains("\"emails\":[]", json, StringComparison.Ordinal);
        var bad = await http.GetAsync("/_localaws/ses/messages.json?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Identities_templates_and_sent_messages_survive_a_restart_with_a_data_directory()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("localaws-ses-").FullName;
        try
        {
            var sender = SesTestSupport.UniqueAddress();
            string messageId;
            await using (var first = await StartAsync(dataDirectory))
            {
                var ses = SesTestSupport.CreateSesClient(first.GetBaseAddress());
                await ses.CreateEmailIdentityAsync(sender);
                await ses.CreateEmailTemplateAsync(new CreateEmailTemplateRequest { TemplateName = "kept", TemplateContent = new EmailTemplateContent { Subject = "Hi {{n}}", Text = "t" } });
                messageId = (await ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, "ann@example.com"))).MessageId;
                await first.StopAsync();
            }

            await using var second = await StartAsync(dataDirectory);
            var again = SesTestSupport.CreateSesClient(second.GetBaseAddress());
            Assert.Equal("SUCCESS", (await again.GetEmailIdentityAsync(sender)).VerificationStatus);
            Assert.Equal("Hi {{n}}", (await again.GetEmailTemplateAsync("kept")).TemplateContent.Subject);
            using var http = new HttpClient { BaseAddress = second.GetBaseAddress() };
            Assert.Contains(messageId, await http.GetStringAsync("/_localaws/ses/messages.json"), StringComparison.Ordinal);
            await second.StopAsync();
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_strict_sandbox_also_rejects_unverified_recipients()
    {
        await using var app = await StartAsync(dataDirectory: null, requireVerifiedRecipients: true);
        var ses = SesTestSupport.CreateSesClient(app.GetBaseAddress());
        var sender = SesTestSupport.UniqueAddress();
        var verifiedRecipient = SesTestSupport.UniqueAddress("ann");
        await ses.CreateEmailIdentityAsync(sender);
        await ses.CreateEmailIdentityAsync(verifiedRecipient);

        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, verifiedRecipient, "stranger@example.com")));
        Assert.Equal("MessageRejected", error.ErrorCode);
        Assert.Equal("Email address is not verified. The following identities failed the check in region US-EAST-1: stranger@example.com", error.ErrorMessage);

        var sent = await ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, verifiedRecipient));
        Assert.False(string.IsNullOrEmpty(sent.MessageId));
        await app.StopAsync();
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync(string? dataDirectory, bool requireVerifiedRecipients = false)
    {
        var app = LocalAwsApp.Build([], options =>
        {
            options.Port = 0;
            options.DataDirectory = dataDirectory;
        }, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration["LocalAws:Ses:RequireVerifiedRecipients"] = requireVerifiedRecipients ? "true" : "false";
        });
        await app.StartAsync();
        return app;
    }
}
