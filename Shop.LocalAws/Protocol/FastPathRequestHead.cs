using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// The head of an HTTP/1.1 request as the <see cref="JsonFastPath"/> reads it: what an AWS JSON-protocol service needs
/// (target, content type, host, authorization), the body's length and whether the client asked to close. Reading is
/// strict on purpose: a request is taken only when it is the plain shape the AWS SDKs send (<c>POST / HTTP/1.1</c>,
/// one Host, one Content-Length, printable ASCII headers, no transfer coding, no Expect, no Upgrade). Anything else is
/// left to Kestrel, whose HTTP server validates it and answers it as it always has.
/// </summary>
public readonly record struct FastPathRequestHead(int HeadLength, int ContentLength, int Service, string Target, string? ContentType, string Host, string? Authorization, bool CloseConnection)
{
    /// <summary>Kestrel's default limit on a request's header block; a longer head is Kestrel's to refuse.</summary>
    public const int MaxHeadBytes = 32 * 1024;

    /// <summary>The outcome of <see cref="TryRead"/>.</summary>
    public enum Outcome
    {
        /// <summary>The head is not complete yet.</summary>
        NeedMoreData,

        /// <summary>A request the fast path can answer; its head is read.</summary>
        Take,

        /// <summary>Not a request the fast path takes: hand the connection to Kestrel's HTTP server from here on.</summary>
        LeaveToKestrel,
    }

    private static ReadOnlySpan<byte> RequestLine => "POST / HTTP/1.1\r\n"u8;

    /// <summary>
    /// Reads the head at the start of <paramref name="buffer"/>. <paramref name="targetPrefixes"/> are the X-Amz-Target
    /// prefixes of the services the fast path serves; <see cref="Service"/> is the index of the one that matched.
    /// </summary>
    public static Outcome TryRead(in ReadOnlySequence<byte> buffer, IReadOnlyList<byte[]> targetPrefixes, out FastPathRequestHead head)
    {
        head = default;
        ReadOnlySpan<byte> text;
        int headLength;
        if (buffer.IsSingleSegment)
        {
            // The usual case: the whole request arrived in one read.
            var span = buffer.FirstSpan;
            var end = span[..Math.Min(span.Length, MaxHeadBytes + 4)].IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return buffer.Length >= MaxHeadBytes ? Outcome.LeaveToKestrel : Outcome.NeedMoreData;
            }
            text = span[..end];
            headLength = end + 4;
        }
        else
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> headBytes, "\r\n\r\n"u8, advancePastDelimiter: true))
            {
                return buffer.Length >= MaxHeadBytes ? Outcome.LeaveToKestrel : Outcome.NeedMoreData;
            }
            text = headBytes.ToArray();
            headLength = (int)reader.Consumed;
        }
        if (text.Length > MaxHeadBytes)
        {
            return Outcome.LeaveToKestrel;
        }
        if (!text.StartsWith(RequestLine))
        {
            return Outcome.LeaveToKestrel;
        }

        int? contentLength = null;
        var service = -1;
        string? target = null, contentType = null, host = null, authorization = null;
        var close = false;
        var rest = text[RequestLine.Length..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return Outcome.LeaveToKestrel; // includes obs-fold continuation lines, which start with white space
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (!IsPrintable(value))
            {
                return Outcome.LeaveToKestrel;
            }
            if (Is(name, "content-length"u8))
            {
                if (contentLength is not null || value.Length is 0 or > 8 || value.ContainsAnyExceptInRange((byte)'0', (byte)'9') || !Utf8Parser.TryParse(value, out int length, out _))
                {
                    return Outcome.LeaveToKestrel;
                }
                contentLength = length;
            }
            else if (Is(name, "host"u8))
            {
                if (host is not null || !IsHostAndPort(value))
                {
                    return Outcome.LeaveToKestrel;
                }
                host = Encoding.ASCII.GetString(value);
            }
            else if (Is(name, "x-amz-target"u8))
            {
                if (target is not null || (service = MatchingService(value, targetPrefixes)) < 0)
                {
                    return Outcome.LeaveToKestrel;
                }
                target = Encoding.ASCII.GetString(value);
            }
            else if (Is(name, "content-type"u8))
            {
                if (contentType is not null)
                {
                    return Outcome.LeaveToKestrel;
                }
                contentType = Encoding.ASCII.GetString(value);
            }
            else if (Is(name, "authorization"u8))
            {
                if (authorization is not null)
                {
                    return Outcome.LeaveToKestrel;
                }
                authorization = Encoding.ASCII.GetString(value);
            }
            else if (Is(name, "connection"u8))
            {
                if (!TryReadConnectionOptions(value, ref close))
                {
                    return Outcome.LeaveToKestrel;
                }
            }
            else if (Is(name, "transfer-encoding"u8) || Is(name, "expect"u8) || Is(name, "upgrade"u8))
            {
                return Outcome.LeaveToKestrel;
            }
        }
        if (contentLength is null || host is null || target is null)
        {
            return Outcome.LeaveToKestrel;
        }
        head = new FastPathRequestHead(headLength, contentLength.Value, service, target, contentType, host, authorization, close);
        return Outcome.Take;
    }

    private static int MatchingService(ReadOnlySpan<byte> target, IReadOnlyList<byte[]> prefixes)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (target.Length > prefixes[i].Length && target.StartsWith(prefixes[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Connection options: <c>keep-alive</c> and <c>close</c> are understood; any other (upgrade, TE, ...) is Kestrel's.</summary>
    private static bool TryReadConnectionOptions(ReadOnlySpan<byte> value, ref bool close)
    {
        foreach (var range in value.Split((byte)','))
        {
            var option = value[range].Trim(" \t"u8);
            if (Is(option, "close"u8))
            {
                close = true;
            }
            else if (!Is(option, "keep-alive"u8))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerCase) => Ascii.EqualsIgnoreCase(name, lowerCase);

    /// <summary>RFC 9110's token: the characters a header name may have.</summary>
    private static readonly SearchValues<byte> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private static bool IsToken(ReadOnlySpan<byte> name) => !name.ContainsAnyExcept(TokenCharacters);

    /// <summary>Visible ASCII, space and tab: what the fast path reads as a header value (Kestrel decides about the rest).</summary>
    private static readonly SearchValues<byte> ValueCharacters = SearchValues.Create(
        [(byte)'\t', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b)]);

    private static bool IsPrintable(ReadOnlySpan<byte> value) => !value.ContainsAnyExcept(ValueCharacters);

    /// <summary>A registered name or IPv4 address with an optional port: the Host values clients send to LocalAws. IPv6 literals are Kestrel's.</summary>
    private static bool IsHostAndPort(ReadOnlySpan<byte> value)
    {
        var colon = value.IndexOf((byte)':');
        var name = colon < 0 ? value : value[..colon];
        if (name.IsEmpty)
        {
            return false;
        }
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_'))
            {
                return false;
            }
        }
        if (colon < 0)
        {
            return true;
        }
        var port = value[(colon + 1)..];
        return port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }
}
