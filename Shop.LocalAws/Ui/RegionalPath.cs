namespace Shop.LocalAws.Ui;

/// <summary>
/// How the UI addresses a resource that lives in a region (a table, a queue): <c>/_localaws/SLUG/REGION/NAME</c>. A bare
/// NAME, the address before resources were per region, is the resource of that name in LocalAws's default region, or
/// the only resource of that name in any region.
/// </summary>
internal static class RegionalPath
{
    public static string Of(string slug, string region, string name) =>
        $"/_localaws/{slug}/{Uri.EscapeDataString(region)}/{Uri.EscapeDataString(name)}";

    /// <param name="path">The decoded path under the section: REGION/NAME or NAME.</param>
    /// <param name="find">Finds the resource of a name in a region.</param>
    /// <param name="all">Every resource of every region, with its name.</param>
    public static T? Find<T>(string path, string defaultRegion, Func<string, string, T?> find, IEnumerable<(string Name, T Resource)> all)
        where T : class
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return find(path[..slash], path[(slash + 1)..]);
        }
        if (find(defaultRegion, path) is { } inDefaultRegion)
        {
            return inDefaultRegion;
        }
        var named = all.Where(r => r.Name == path).Take(2).ToList();
        return named.Count == 1 ? named[0].Resource : null;
    }
}
