using System.Text;
using System.Text.RegularExpressions;

namespace Shop.LocalAws.Ses;

/// <summary>
/// Reads what a developer wants to see of a raw MIME message (SendEmail with Raw content): the From, To, Cc, Bcc,
/// Reply-To and Subject headers (RFC 2047 encoded words decoded), the first inline text/plain and text/html parts
/// (base64 and quoted-printable decoded) and the attachments. It is a viewer, not a validator: anything it cannot read stays in the raw bytes.
/// See https://www.rfc-editor.org/rfc/rfc2045 and https://www.rfc-editor.org/rfc/rfc2047
/// </summary>
public static partial class MimeMessageReader
{
    public sealed record MimeSummary
    {
        public string? From { get; init; }
        public IReadOnlyList<string> To { get; init; } = [];
        public IReadOnlyList<string> Cc { get; init; } = [];
        public IReadOnlyList<string> Bcc { get; init; } = [];
        public IReadOnlyList<string> ReplyTo { get; init; } = [];
        public string? Subject { get; init; }
        public string? Text { get; init; }
        public string? Html { get; init; }
        public IReadOnlyList<SentAttachment> Attachments { get; init; } = [];
    }

    public static MimeSummary Read(byte[] raw)
    {
        // Latin-1 maps every byte to one char, so byte offsets survive until a part's own charset is applied.
        var message = Encoding.Latin1.GetString(raw);
        var (headers, body) = SplitPart(message);
        var parts = new Parts();
        CollectParts(headers, body, parts, depth: 0);
        return new MimeSummary
        {
            From = Header(headers, "From") is { } from ? DecodeWords(from) : null,
            To = Addresses(headers, "To"),
            Cc = Addresses(headers, "Cc"),
            Bcc = Addresses(headers, "Bcc"),
            ReplyTo = Addresses(headers, "Reply-To"),
            Subject = Header(headers, "Subject") is { } subject ? DecodeWords(subject) : null,
            Text = parts.Text,
            Html = parts.Html,
            Attachments = parts.Attachments,
        };
    }

    private sealed class Parts
    {
        public string? Text { get; set; }
        public string? Html { get; set; }
        public List<SentAttachment> Attachments { get; } = [];
    }

    /// <summary>Splits an address-list header at commas outside quotes and angle brackets.</summary>
    public static IReadOnlyList<string> SplitAddressList(string value)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var angle = 0;
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '<' when !quoted:
                    angle++;
                    break;
                case '>' when !quoted && angle > 0:
                    angle--;
                    break;
                case ',' when !quoted && angle == 0:
                    Flush();
                    continue;
            }
            current.Append(c);
        }
        Flush();
        return result;

        void Flush()
        {
            var item = current.ToString().Trim();
            if (item.Length > 0)
            {
                result.Add(item);
            }
            current.Clear();
        }
    }

    private static IReadOnlyList<string> Addresses(List<KeyValuePair<string, string>> headers, string name) =>
        [.. headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => SplitAddressList(DecodeWords(h.Value)))];

    private static string? Header(List<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Separates the header block (unfolded) from the body at the first empty line.</summary>
    private static (List<KeyValuePair<string, string>> Headers, string Body) SplitPart(string part)
    {
        var normalized = part.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = normalized.StartsWith('\n') ? 0 : normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var headerBlock = end < 0 ? normalized : normalized[..end];
        var body = end < 0 ? string.Empty : normalized[(end + (end == 0 ? 1 : 2))..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in headerBlock.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }
        return (headers, body);
    }

    private static void CollectParts(List<KeyValuePair<string, string>> headers, string body, Parts parts, int depth)
    {
        var contentType = Header(headers, "Content-Type") ?? "text/plain";
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && depth < 10 && Parameter(contentType, "boundary") is { } boundary)
        {
            foreach (var part in SplitMultipart(body, boundary))
            {
                var (partHeaders, partBody) = SplitPart(part);
                CollectParts(partHeaders, partBody, parts, depth + 1);
            }
            return;
        }
        var disposition = Header(headers, "Content-Disposition") ?? string.Empty;
        var fileName = Parameter(disposition, "filename") ?? Parameter(contentType, "name");
        if (disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase)
            || (fileName is not null && !mediaType.StartsWith("text/", StringComparison.Ordinal))
            || (mediaType == "text/plain" && parts.Text is not null)
            || (mediaType == "text/html" && parts.Html is not null))
        {
            if (depth > 0)
            {
                parts.Attachments.Add(new SentAttachment(DecodeWords(fileName ?? "attachment"), mediaType, DecodeBytes(headers, body)));
            }
            return;
        }
        if (mediaType == "text/plain")
        {
            parts.Text = DecodeText(headers, body, contentType);
        }
        else if (mediaType == "text/html")
        {
            parts.Html = DecodeText(headers, body, contentType);
        }
    }

    private static IEnumerable<string> SplitMultipart(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var parts = body.Split('\n');
        StringBuilder? current = null;
        foreach (var line in parts)
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed == delimiter + "--")
            {
                if (current is not null)
                {
                    yield return WithoutDelimiterNewline(current);
                }
                yield break;
            }
            if (trimmed == delimiter)
            {
                if (current is not null)
                {
                    yield return WithoutDelimiterNewline(current);
                }
                current = new StringBuilder();
                continue;
            }
            current?.Append(line).Append('\n');
        }
        if (current is not null)
        {
            yield return current.ToString();
        }
    }

    /// <summary>The line break before a boundary belongs to the boundary, not to the part (RFC 2046 section 5.1.1).</summary>
    private static string WithoutDelimiterNewline(StringBuilder part) =>
        part.Length > 0 && part[^1] == '\n' ? part.ToString(0, part.Length - 1) : part.ToString();

    private static string DecodeText(List<KeyValuePair<string, string>> headers, string body, string contentType) =>
        CharsetOrUtf8(Parameter(contentType, "charset")).GetString(DecodeBytes(headers, body)).TrimEnd('\n', '\r');

    private static byte[] DecodeBytes(List<KeyValuePair<string, string>> headers, string body)
    {
        var transfer = (Header(headers, "Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant();
        if (transfer == "base64")
        {
            try
            {
                return Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
            }
            catch (FormatException)
            {
                return Encoding.Latin1.GetBytes(body);
            }
        }
        return transfer == "quoted-printable" ? DecodeQuotedPrintable(body, underscoreIsSpace: false) : Encoding.Latin1.GetBytes(body);
    }

    private static byte[] DecodeQuotedPrintable(string value, bool underscoreIsSpace)
    {
        var output = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '=' && i + 1 < value.Length && value[i + 1] == '\n')
            {
                i++; // soft line break
            }
            else if (c == '=' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                output.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '_' && underscoreIsSpace)
            {
                output.Add((byte)' ');
            }
            else
            {
                output.Add((byte)c);
            }
        }
        return [.. output];
    }

    /// <summary>Decodes RFC 2047 encoded words (<c>=?UTF-8?B?...?=</c>, <c>=?UTF-8?Q?...?=</c>) in a header value.</summary>
    public static string DecodeWords(string value)
    {
        // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 section 6.2).
        var joined = AdjacentEncodedWords().Replace(value, "?==?");
        return EncodedWord().Replace(joined, match =>
        {
            var encoding = CharsetOrUtf8(match.Groups["charset"].Value);
            var payload = match.Groups["text"].Value;
            try
            {
                var bytes = match.Groups["encoding"].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                    ? Convert.FromBase64String(payload)
                    : DecodeQuotedPrintable(payload, underscoreIsSpace: true);
                return encoding.GetString(bytes);
            }
            catch (FormatException)
            {
                return match.Value;
            }
        });
    }

    private static Encoding CharsetOrUtf8(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return Encoding.UTF8;
        }
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static string? Parameter(string headerValue, string name)
    {
        foreach (var piece in headerValue.Split(';').Skip(1))
        {
            var eq = piece.IndexOf('=');
            if (eq > 0 && piece[..eq].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return piece[(eq + 1)..].Trim().Trim('"');
            }
        }
        return null;
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<encoding>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentEncodedWords();
}
