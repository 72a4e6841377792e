using System.Net;
using Shop.Functions.Aws.SesV2;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Ses;

public class SesV2IdentityTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task An_email_identity_is_verified_at_once_listed_and_deleted()
    {
        var ses = localAws.CreateSesClient();
        var address = SesTestSupport.UniqueAddress();

        var created = await ses.CreateEmailIdentityAsync(address);
        Assert.Equal("EMAIL_ADDRESS", created.IdentityType);
        Assert.True(created.VerifiedForSendingStatus);

        var fetched = await ses.GetEmailIdentityAsync(address);
        Assert.Equal("SUCCESS", fetched.VerificationStatus);
        Assert.True(fetched.VerifiedForSendingStatus);
        Assert.Equal("EMAIL_ADDRESS", fetched.IdentityType);

        var listed = await AllIdentitiesAsync(ses);
        var info = Assert.Single(listed, i => i.IdentityName == address);
        Assert.True(info.SendingEnabled);
        Assert.Equal("SUCCESS", info.VerificationStatus);

        await ses.DeleteEmailIdentityAsync(address);
        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.GetEmailIdentityAsync(address));
        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.DoesNotContain(await AllIdentitiesAsync(ses), i => i.IdentityName == address);
    }

    [Fact]
    public async Task A_domain_identity_gets_dkim_tokens_and_lets_every_address_of_the_domain_send()
    {
        var ses = localAws.CreateSesClient();
        var domain = $"{Guid.NewGuid():N}.example.org";

        var created = await ses.CreateEmailIdentityAsync(domain);
        Assert.Equal("DOMAIN", created.IdentityType);
        Assert.True(created.DkimAttributes!.SigningEnabled);
        Assert.Equal(3, created.DkimAttributes.Tokens!.Count);

        var sent = await ses.SendEmailAsync(SesTestSupport.SimpleEmail($"orders@mail.{domain}", "customer@example.com"));
        Assert.False(string.IsNullOrEmpty(sent.MessageId));
    }

    [Fact]
    public async Task Creating_an_identity_twice_is_AlreadyExistsException()
    {
        var ses = localAws.CreateSesClient();
        var address = SesTestSupport.UniqueAddress();
        await ses.CreateEmailIdentityAsync(address);

        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.CreateEmailIdentityAsync(address.ToUpperInvariant()));
        Assert.Equal("AlreadyExistsException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_unknown_identity_is_NotFoundException()
    {
        var ses = localAws.CreateSesClient();
        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.DeleteEmailIdentityAsync(SesTestSupport.UniqueAddress()));
        Assert.Equal("NotFoundException", error.ErrorCode);
    }

    [Theory]
    [InlineData("user@@example.com", "Illegal address")]
    [InlineData("us er@example.com", "Local address contains control or whitespace")]
    [InlineData("user@exa mple.com", "Domain contains control or whitespace")]
    [InlineData("josé@example.com", "Local address contains control or whitespace")]
    [InlineData("user@", "Missing domain")]
    [InlineData("exa_mple.com", "Domain contains illegal character")]
    [InlineData("exa mple.com", "Domain contains control or whitespace")]
    public async Task An_invalid_identity_is_BadRequestException_with_the_address_checker_message(string identity, string message)
    {
        var ses = localAws.CreateSesClient();
        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.CreateEmailIdentityAsync(identity));
        Assert.Equal("BadRequestException", error.ErrorCode);
        Assert.Equal(message, error.ErrorMessage);
    }

    [Fact]
    public async Task Identities_are_listed_in_pages_with_NextToken()
    {
        var ses = localAws.CreateSesClient();
        var domain = $"{Guid.NewGuid():N}.example.net";
        var mine = Enumerable.Range(0, 5).Select(i => $"user{i}@{domain}").ToList();
        foreach (var address in mine)
        {
            await ses.CreateEmailIdentityAsync(address);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ses.ListEmailIdentitiesAsync(token, pageSize: 2);
            Assert.True(page.EmailIdentities.Count <= 2);
            seen.AddRange(page.EmailIdentities.Select(i => i.IdentityName));
            token = page.NextToken;
            pages++;
        }
        while (token is not null && pages < 1000);

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(mine, address => Assert.Contains(address, seen));
    }

    [Fact]
    public async Task A_page_size_beyond_the_limit_is_BadRequestException()
    {
        var ses = localAws.CreateSesClient();
        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.ListEmailIdentitiesAsync(pageSize: 1001));
        Assert.Equal("BadRequestException", error.ErrorCode);
    }

    [Fact]
    public async Task GetAccount_reports_a_sandbox_account_and_what_it_sent_in_the_last_day()
    {
        var region = "ap-south-1";
        var ses = SesTestSupport.CreateSesClient(localAws.BaseUrl, region);
        var sender = SesTestSupport.UniqueAddress();
        await ses.CreateEmailIdentityAsync(sender);
        await ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, "ann@example.com"));

        var account = await ses.GetAccountAsync();

        Assert.False(account.ProductionAccessEnabled);
        Assert.True(account.SendingEnabled);
        Assert.Equal(200, account.SendQuota!.Max24HourSend);
        Assert.Equal(1, account.SendQuota.SentLast24Hours);
    }

    private static async Task<List<IdentityInfo>> AllIdentitiesAsync(SesV2Client ses)
    {
        var all = new List<IdentityInfo>();
        string? token = null;
        do
        {
            var page = await ses.ListEmailIdentitiesAsync(token);
            all.AddRange(page.EmailIdentities);
            token = page.NextToken;
        }
        while (token is not null);
        return all;
    }
}
