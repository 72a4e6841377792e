using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Shop.Functions.Sessions;

/// <summary>A guest session: who the bearer is and until when.</summary>
public sealed record Session(string UserId, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Guest session tokens: <c>{userId}.{expiry in Unix seconds}.{HMAC-SHA256 of the two, base64url}</c>. The user id is
/// a random 128-bit id, the key stays on the server, so a token can neither be guessed nor altered; nothing is stored.
/// </summary>
public sealed class SessionTokens
{
    public const int MinKeyBytes = 32;
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public SessionTokens(string signingKey, TimeSpan lifetime, TimeProvider time)
    {
        _key = Encoding.UTF8.GetBytes(signingKey);
        if (_key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The session signing key must be at least {MinKeyBytes} bytes.", nameof(signingKey));
        }
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A session must last a positive time.");
        }
        _lifetime = lifetime;
        _time = time;
    }

    public Session Issue()
    {
        var userId = OpaqueIds.New("user");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((_time.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        var payload = userId + "." + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new Session(userId, payload + "." + Signature(payload), expiresAt);
    }

    /// <summary>The user id of a genuine, unexpired token; null for anything else.</summary>
    public string? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return null;
        }
        var parts = token.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Signature(parts[0] + "." + parts[1]));
        var given = Encoding.ASCII.GetBytes(parts[2]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return null;
        }
        return _time.GetUtcNow().ToUnixTimeSeconds() < expiry ? parts[0] : null;
    }

    private string Signature(string payload) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
