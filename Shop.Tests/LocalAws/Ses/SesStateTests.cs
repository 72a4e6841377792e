using Shop.LocalAws;
using Shop.LocalAws.Ses;

namespace Shop.Tests.LocalAws.Ses;

public class SesStateTests
{
    [Fact]
    public void The_journal_is_compacted_to_what_is_live_and_replays_to_the_same_state()
    {
        var directory = Directory.CreateTempSubdirectory("localaws-ses-state-").FullName;
        try
        {
            var options = new LocalAwsOptions { DataDirectory = directory, JournalCompactionBytes = 16 * 1024 };
            using (var state = new SesState(options))
            {
                for (var i = 0; i < 1500; i++)
                {
                    Assert.True(state.TryAddIdentity(Identity($"churn{i}@example.com")));
                    Assert.True(state.TryDeleteIdentity("us-east-1", $"churn{i}@example.com"));
                }
                Assert.True(state.TryAddIdentity(Identity("kept@example.com")));
            }

            // 3,000 records of about 200 bytes each, but one identity is live.
            Assert.InRange(new FileInfo(Path.Combine(directory, "ses.journal")).Length, 1, 2 * 16 * 1024 + 1024);

            using var replayed = new SesState(options);
            var identity = Assert.Single(replayed.AllIdentities());
            Assert.Equal("kept@example.com", identity.Name);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_verified_domain_covers_its_subdomains_but_not_its_parent()
    {
        using var state = new SesState(new LocalAwsOptions());
        state.TryAddIdentity(Identity("shop.example.com", EmailIdentityOperations.DomainType));

        Assert.True(state.IsVerified("us-east-1", Address("orders@shop.example.com")));
        Assert.True(state.IsVerified("us-east-1", Address("orders@mail.SHOP.example.com")));
        Assert.False(state.IsVerified("us-east-1", Address("orders@example.com")));
        Assert.False(state.IsVerified("eu-west-1", Address("orders@shop.example.com")));
    }

    [Fact]
    public void Provisioning_an_identity_is_idempotent_and_validates_like_CreateEmailIdentity()
    {
        using var state = new SesState(new LocalAwsOptions());
        var identities = new EmailIdentityOperations(state, TimeProvider.System);

        Assert.True(identities.Provision("us-east-1", "orders@shop.example"));
        Assert.False(identities.Provision("us-east-1", "ORDERS@shop.example"));
        Assert.True(state.IsVerified("us-east-1", Address("orders@shop.example")));
        var error = Assert.Throws<Shop.LocalAws.Protocol.AwsServiceException>(() => identities.Provision("us-east-1", "not an address"));
        Assert.Equal("BadRequestException", error.Code);
    }

    private static EmailIdentity Identity(string name, string type = EmailIdentityOperations.EmailAddressType) => new()
    {
        Region = "us-east-1",
        Name = name,
        IdentityType = type,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static EmailAddress Address(string text) => EmailAddress.TryParse(text, out var address, out var error) ? address : throw new ArgumentException(error);
}
