using System.Diagnostics.CodeAnalysis;

namespace Shop.LocalAws.Ses;

/// <summary>
/// One mailbox as SES accepts it: a bare address (<c>orders@shop.example</c>) or one with a display name
/// (<c>"Shop" &lt;orders@shop.example&gt;</c>). SES checks addresses with JavaMail's <c>InternetAddress</c> rules, and its
/// error messages are that library's ("Missing final '@domain'", "Local address contains control or whitespace", …), so these are too.
/// See https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-error-messages.html
/// </summary>
public sealed record EmailAddress(string Address, string? DisplayName)
{
    /// <summary>The part after the last '@', lower-cased: domains are case-insensitive.</summary>
    public string Domain => Address[(Address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    public override string ToString() => DisplayName is null ? Address : $"\"{DisplayName}\" <{Address}>";

    /// <summary>Parses and validates a mailbox; on failure <paramref name="error"/> is SES's message.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EmailAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        var value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            // What SES v2 answers for an empty address (the address itself is printed, hence the lone space).
            error = "Invalid email address .";
            return false;
        }

        string? displayName = null;
        var open = value.LastIndexOf('<');
        if (open >= 0)
        {
            if (!value.EndsWith('>'))
            {
                error = "Missing '>'";
                return false;
            }
            displayName = value[..open].Trim().Trim('"').Trim();
            value = value[(open + 1)..^1].Trim();
            if (displayName.Length == 0)
            {
                displayName = null;
            }
        }

        error = Check(value);
        if (error is not null)
        {
            return false;
        }
        address = new EmailAddress(value, displayName);
        return true;
    }

    /// <summary>
    /// The checks SES applies to every address of a send, in its order: JavaMail's strict scan of the address from the
    /// left, of which SES is seen to return control, whitespace or non-ASCII characters in either part (SES has no
    /// SMTPUTF8: internationalized names must be punycode), a missing '@' and a missing domain; a second '@' fails as
    /// "Illegal address". Other oddities (dots, specials) pass here as they do at SES.
    /// </summary>
    private static string? Check(string value)
    {
        var at = -1;
        var quoted = false;
        for (var i = 0; i < value.Length && at < 0; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '@')
            {
                at = i;
            }
            else if (!quoted && IsControlOrWhitespace(c))
            {
                return "Local address contains control or whitespace";
            }
        }
        if (at < 0)
        {
            return "Missing final '@domain'";
        }
        if (at == 0)
        {
            // JavaMail's wording; SES was not seen to answer this case differently.
            return "Missing local name";
        }
        var domain = value[(at + 1)..];
        if (domain.Length == 0)
        {
            return "Missing domain";
        }
        if (domain.Any(IsControlOrWhitespace))
        {
            return "Domain contains control or whitespace";
        }
        return domain.Contains('@', StringComparison.Ordinal) ? "Illegal address" : null;
    }

    private static bool IsControlOrWhitespace(char c) => c <= ' ' || c >= '\u007f';

    /// <summary>Checks a domain name as SES does for domain identities and for the part after '@'.</summary>
    public static string? CheckDomain(string domain)
    {
        if (domain.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "Domain contains control or whitespace";
        }
        if (domain.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' || c > 127)))
        {
            return "Domain contains illegal character";
        }
        if (domain.StartsWith('.'))
        {
            return "Domain starts with dot";
        }
        if (domain.EndsWith('.'))
        {
            return "Domain ends with dot";
        }
        if (domain.Contains("..", StringComparison.Ordinal))
        {
            return "Domain contains dot-dot";
        }
        return null;
    }
}
