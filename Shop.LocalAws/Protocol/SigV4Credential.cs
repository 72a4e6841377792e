using System.Diagnostics.CodeAnalysis;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// The credential scope of a Signature Version 4 request: who signed it, for which region and service.
/// LocalAws parses it (to route, to name the caller's identity, and to reject malformed headers as AWS does)
/// but does not verify signatures.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
/// </summary>
public sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// Parses an <c>Authorization</c> header value. Returns false with AWS's <c>IncompleteSignatureException</c>
    /// message when the header claims SigV4 but lacks a part; returns true with a null credential for other schemes.
    /// </summary>
    public static bool TryParseAuthorizationHeader(string header, out SigV4Credential? credential, [NotNullWhen(false)] out string? error)
    {
        credential = null;
        error = null;
        var trimmed = header.AsSpan().Trim();
        if (!trimmed.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return true;
        }

        // Every AWS call on :4566 comes through here, so the header is read in place; strings are made only for
        // errors and for a credential this thread has not seen just before.
        ReadOnlySpan<char> credentialValue = default, signedHeadersValue = default;
        bool hasCredential = false, hasSignature = false, hasSignedHeaders = false;
        var parameters = trimmed[Algorithm.Length..];
        foreach (var range in parameters.Split(','))
        {
            var part = parameters[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                error = $"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.";
                return false;
            }
            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            switch (key)
            {
                case "Credential": credentialValue = value; hasCredential = true; break;
                case "Signature": hasSignature = true; break;
                case "SignedHeaders": signedHeadersValue = value; hasSignedHeaders = true; break;
            }
        }

        if (!hasCredential || !hasSignature || !hasSignedHeaders)
        {
            var missing = new[] { ("Credential", hasCredential), ("Signature", hasSignature), ("SignedHeaders", hasSignedHeaders) }
                .Where(p => !p.Item2).Select(p => $"Authorization header requires '{p.Item1}' parameter.");
            error = string.Join(' ', missing) + $" Authorization={header}";
            return false;
        }

        if (LastParsed is { } last && credentialValue.SequenceEqual(last.CredentialValue) && signedHeadersValue.SequenceEqual(last.SignedHeadersValue))
        {
            credential = last.Credential;
            return true;
        }
        var credentialText = credentialValue.ToString();
        if (!TryParseScope(credentialText, out var scope, out error))
        {
            return false;
        }
        var signedHeadersText = signedHeadersValue.ToString();
        credential = scope with { SignedHeaders = signedHeadersText.Split(';', StringSplitOptions.RemoveEmptyEntries) };
        LastParsed = new ParsedHeader(credentialText, signedHeadersText, credential);
        return true;
    }

    /// <summary>The credential this thread parsed last: callers sign request after request with the same scope.</summary>
    [ThreadStatic]
    private static ParsedHeader? LastParsed;

    private sealed record ParsedHeader(string CredentialValue, string SignedHeadersValue, SigV4Credential Credential);

    /// <summary>Parses <c>AKID/yyyyMMdd/region/service/aws4_request</c>, as found in headers and presigned URLs (X-Amz-Credential).</summary>
    public static bool TryParseScope(string value, [NotNullWhen(true)] out SigV4Credential? credential, [NotNullWhen(false)] out string? error)
    {
        credential = null;
        var parts = value.Split('/');
        if (parts.Length != 5 || parts.Any(string.IsNullOrEmpty))
        {
            error = $"Credential should be scoped to a valid region, not '{(parts.Length > 2 ? parts[2] : string.Empty)}'. ";
            return false;
        }
        if (parts[4] != "aws4_request")
        {
            error = $"Credential should be scoped with a valid terminator: 'aws4_request', not '{parts[4]}'. ";
            return false;
        }
        if (parts[1].Length != 8 || !parts[1].All(char.IsAsciiDigit))
        {
            error = $"Date must be in ISO-8601 'basic format'. Got '{parts[1]}'. See http://en.wikipedia.org/wiki/ISO_8601";
            return false;
        }
        error = null;
        credential = new SigV4Credential(parts[0], parts[1], parts[2], parts[3], []);
        return true;
    }
}
