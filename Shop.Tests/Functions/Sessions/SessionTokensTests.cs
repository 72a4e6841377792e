using Shop.Functions.Sessions;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Sessions;

public class SessionTokensTests
{
    private const string Key = "a-test-signing-key-of-at-least-32-bytes!";
    private readonly ManualTime _time = new();

    private SessionTokens Tokens(string key = Key) => new(key, TimeSpan.FromHours(1), _time);

    [Fact]
    public void An_issued_token_names_its_user()
    {
        var session = Tokens().Issue();

        Assert.Equal(session.UserId, Tokens().Validate(session.Token));
        Assert.StartsWith("user-", session.UserId);
        Assert.Equal(_time.GetUtcNow().AddHours(1), session.ExpiresAt);
    }

    [Fact]
    public void User_ids_are_random_128_bit_ids()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => Tokens().Issue().UserId).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.Equal("user-".Length + 26, id.Length));
    }

    [Fact]
    public void A_token_is_refused_once_expired()
    {
        var session = Tokens().Issue();
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(Tokens().Validate(session.Token));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(Tokens().Validate(session.Token));
    }

    [Fact]
    public void A_token_with_another_user_id_is_refused()
    {
        var token = Tokens().Issue().Token;
        var parts = token.Split('.');

        Assert.Null(Tokens().Validate("user-aaaaaaaaaaaaaaaaaaaaaaaaaa." + parts[1] + "." + parts[2]));
    }

    [Fact]
    public void A_token_with_a_later_expiry_is_refused()
    {
        var parts = Tokens().Issue().Token.Split('.');

        Assert.Null(Tokens().Validate(parts[0] + "." + (long.Parse(parts[1]) + 3600) + "." + parts[2]));
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var token = Tokens("another-signing-key-of-at-least-32-bytes").Issue().Token;

        Assert.Null(Tokens().Validate(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("user-x.notanumber.sig")]
    public void Malformed_tokens_are_refused(string token) => Assert.Null(Tokens().Validate(token));

    [Fact]
    public void A_short_signing_key_is_rejected_at_start() =>
        Assert.Throws<ArgumentException>(() => Tokens("too-short"));
}
