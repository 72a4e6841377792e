using System.Security.Cryptography;
using System.Text;

namespace Shop.Functions;

/// <summary>
/// Unguessable identifiers: 128 bits written in lower-case Crockford-free base32 (RFC 4648 alphabet), 26 characters,
/// safe in URLs, S3 keys and DynamoDB keys.
/// </summary>
public static class OpaqueIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A fresh random id, e.g. <c>order-k5x...</c>.</summary>
    public static string New(string prefix) => prefix + "-" + Base32(RandomNumberGenerator.GetBytes(16));

    /// <summary>The same id for the same parts every time (for idempotency keys); as unguessable as its parts.</summary>
    public static string Derived(string prefix, params string[] parts) =>
        prefix + "-" + Base32(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)))[..16]);

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }
}
