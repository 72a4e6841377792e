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
        var trimmed = header.Trim();
        if (!trimmed.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return true;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in trimmed[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                error = $"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.";
                return false;
            }
            parameters[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        var missing = new[] { "Credential", "Signature", "SignedHeaders" }.Where(p => !parameters.ContainsKey(p)).ToArray();
        if (missing.Length > 0)
        {
            error = string.Join(' ', missing.Select(p => $"Authorization header requires '{p}' parameter.")) + $" Authorization={header}";
            return false;
        }

        if (!TryParseScope(parameters["Credential"], out var scope, out error))
        {
            return false;
        }

        credential = scope with { SignedHeaders = parameters["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries) };
        return true;
    }

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
