namespace Shop.LocalAws.Protocol;

/// <summary>
/// Request ids in the shapes the services use. They only correlate a response with logs, so they come from the fast
/// generator: a cryptographic one costs a system call, on every request. Secrets (receipt handles, upload ids,
/// tokens) keep using <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.
/// </summary>
public static class RequestIds
{
    /// <summary>A random UUID in its canonical text form, as SQS returns request and message ids.</summary>
    public static string Uuid() => RandomUuid().ToString();

    /// <summary>The length of a UUID's canonical text form.</summary>
    public const int UuidLength = 36;

    /// <summary>Writes a random UUID in its canonical text form as ASCII bytes; returns <see cref="UuidLength"/>.</summary>
    public static int WriteUuid(Span<byte> ascii)
    {
        RandomUuid().TryFormat(ascii, out var written);
        return written;
    }

    private static Guid RandomUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order keeps the version in byte 7)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private static ReadOnlySpan<byte> UpperAlphanumerics => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"u8;

    /// <summary>DynamoDB's shape: 52 upper-case alphanumerics.</summary>
    public static string UpperAlphanumeric(int length) =>
        string.Create(length, 0, static (span, _) =>
        {
            Span<byte> ascii = stackalloc byte[span.Length];
            WriteUpperAlphanumeric(ascii);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)ascii[i];
            }
        });

    /// <summary>Fills <paramref name="ascii"/> with random upper-case alphanumerics, as ASCII bytes.</summary>
    public static void WriteUpperAlphanumeric(Span<byte> ascii)
    {
        Random.Shared.NextBytes(ascii);
        for (var i = 0; i < ascii.Length; i++)
        {
            ascii[i] = UpperAlphanumerics[ascii[i] % UpperAlphanumerics.Length]; // a slight bias is harmless in a log id
        }
    }

    /// <summary>S3's shape: upper-case hex of <paramref name="byteCount"/> random bytes.</summary>
    public static string Hex(int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexString(bytes);
    }
}
