using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace Shop.LocalAws.CloudFront;

/// <summary>
/// The storefront's files, from one or more folders (a publish output's <c>wwwroot</c>, a project's <c>wwwroot</c>)
/// or from a build's static web assets manifest (<c>*.staticwebassets.runtime.json</c>, which maps every URL of a
/// Blazor WebAssembly build to the file on disk), so <c>dotnet build</c> output can be served without a publish.
/// </summary>
public sealed partial class SiteFiles
{
    private readonly List<Func<string, string?>> _sources = [];
    private readonly FileExtensionContentTypeProvider _contentTypes = new();

    public SiteFiles(IEnumerable<string> roots)
    {
        foreach (var root in roots.Where(r => r.Length > 0))
        {
            if (root.EndsWith(".staticwebassets.runtime.json", StringComparison.OrdinalIgnoreCase) && File.Exists(root))
            {
                _sources.Add(ManifestResolver(root));
            }
            else if (Directory.Exists(root))
            {
                var full = Path.GetFullPath(root);
                _sources.Add(path => Inside(full, path));
            }
        }
        _contentTypes.Mappings[".wasm"] = "application/wasm";
        _contentTypes.Mappings[".dat"] = "application/octet-stream";
        _contentTypes.Mappings[".blat"] = "application/octet-stream";
        _contentTypes.Mappings[".dll"] = "application/octet-stream";
        _contentTypes.Mappings[".webcil"] = "application/octet-stream";
        _contentTypes.Mappings[".pdb"] = "application/octet-stream";
        _contentTypes.Mappings[".json"] = "application/json";
    }

    public bool IsEmpty => _sources.Count == 0;

    /// <summary>The file on disk for a URL path, or null.</summary>
    public string? Find(string urlPath)
    {
        var relative = Uri.UnescapeDataString(urlPath).TrimStart('/');
        if (relative.Split('/').Any(segment => segment is ".." or "."))
        {
            return null;
        }
        foreach (var source in _sources)
        {
            if (source(relative) is { } file)
            {
                return file;
            }
        }
        return null;
    }

    public string ContentTypeOf(string file) =>
        _contentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";

    /// <summary>
    /// Entry pages revalidate on every load so a rebuild shows at once; fingerprinted assets (a content hash in the
    /// name) never change, so browsers may keep them for a year, as a CloudFront cache policy would.
    /// </summary>
    public static string CacheControlOf(string file) =>
        Fingerprinted().IsMatch(Path.GetFileName(file)) ? "public, max-age=31536000, immutable" : "no-cache";

    [GeneratedRegex(@"\.[a-z0-9]{10,}\.[a-z]+$")]
    private static partial Regex Fingerprinted();

    private static string? Inside(string root, string relative)
    {
        var candidate = Path.GetFullPath(Path.Combine(root, relative));
        return candidate.StartsWith(root, StringComparison.Ordinal) && File.Exists(candidate) ? candidate : null;
    }

    private static Func<string, string?> ManifestResolver(string manifestPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var contentRoots = document.RootElement.GetProperty("ContentRoots").EnumerateArray().Select(r => r.GetString()!).ToArray();
        var root = document.RootElement.GetProperty("Root").Clone();
        return relative =>
        {
            var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var node = root;
            var visited = new List<(JsonElement Node, int Depth)> { (root, 0) };
            for (var depth = 0; depth < segments.Length; depth++)
            {
                if (node.TryGetProperty("Children", out var children) && children.ValueKind == JsonValueKind.Object
                    && children.TryGetProperty(segments[depth], out var child))
                {
                    node = child;
                    visited.Add((node, depth + 1));
                }
                else
                {
                    break;
                }
            }
            var (last, lastDepth) = visited[^1];
            if (lastDepth == segments.Length && last.TryGetProperty("Asset", out var asset) && asset.ValueKind == JsonValueKind.Object)
            {
                var file = Path.Combine(contentRoots[asset.GetProperty("ContentRootIndex").GetInt32()], asset.GetProperty("SubPath").GetString()!);
                return File.Exists(file) ? file : null;
            }
            // Patterns ("**") map a whole folder of a content root, from the deepest node outwards.
            for (var i = visited.Count - 1; i >= 0; i--)
            {
                var (candidate, depth) = visited[i];
                if (!candidate.TryGetProperty("Patterns", out var patterns) || patterns.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var pattern in patterns.EnumerateArray())
                {
                    var contentRoot = contentRoots[pattern.GetProperty("ContentRootIndex").GetInt32()];
                    if (Inside(Path.GetFullPath(contentRoot), string.Join('/', segments[depth..])) is { } file)
                    {
                        return file;
                    }
                }
            }
            return null;
        };
    }
}
