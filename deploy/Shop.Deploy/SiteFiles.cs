using System.Text.RegularExpressions;

namespace Shop.Deploy;

/// <summary>How each storefront file is served from the site bucket: its content type and cache policy.</summary>
public sealed record SiteFile(string RelativePath, string ContentType, string CacheControl);

/// <summary>
/// Decides the headers of the published storefront's files. Fingerprinted files (a content hash in the name) never
/// change, so browsers keep them for a year; index.html always revalidates so a new deploy is picked up at once.
/// Precompressed .br/.gz copies are left out: CloudFront compresses on the fly and S3 cannot negotiate encodings.
/// </summary>
public static partial class SiteFiles
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Revalidate = "no-cache";
    public const string ShortLived = "public, max-age=3600";

    public static IReadOnlyList<SiteFile> Describe(string siteRoot)
    {
        var files = new List<SiteFile>();
        foreach (var path in Directory.EnumerateFiles(siteRoot, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(siteRoot, path).Replace('\\', '/');
            if (relative.EndsWith(".br", StringComparison.Ordinal) || relative.EndsWith(".gz", StringComparison.Ordinal))
            {
                continue;
            }
            files.Add(new SiteFile(relative, ContentTypeOf(relative), CacheControlOf(relative)));
        }
        return [.. files.OrderBy(f => f.RelativePath, StringComparer.Ordinal)];
    }

    public static string CacheControlOf(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        if (name == "index.html")
        {
            return Revalidate;
        }
        return Fingerprint().IsMatch(name) ? Immutable : ShortLived;
    }

    public static string ContentTypeOf(string relativePath) => Path.GetExtension(relativePath).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".wasm" => "application/wasm",
        ".dat" or ".blat" or ".dll" or ".pdb" => "application/octet-stream",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".ico" => "image/x-icon",
        ".webmanifest" => "application/manifest+json",
        ".txt" => "text/plain; charset=utf-8",
        ".woff2" => "font/woff2",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// The CSP source expressions ('sha256-...') of the page's inline scripts, such as the import map Blazor writes
    /// into index.html at publish time, so the policy allows exactly them and no other inline script.
    /// </summary>
    public static IReadOnlyList<string> InlineScriptHashes(string html) => [.. InlineScript().Matches(html)
        .Select(m => $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'")
        .Distinct()];

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // Blazor's fingerprints: "dotnet.native.ab12cd34ef.wasm", "app.ab12cd34ef.css" (ten or more lower-case letters/digits).
    [GeneratedRegex(@"\.[a-z0-9]{10,}\.[a-z0-9]+$")]
    private static partial Regex Fingerprint();
}
