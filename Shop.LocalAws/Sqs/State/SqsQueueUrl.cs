namespace Shop.LocalAws.Sqs.State;

/// <summary>
/// Queue URLs as callers hand them back: <c>scheme://host[:port]/account/name</c>, or just the path. The host is the
/// caller's view of our address (localhost, 127.0.0.1, a container name) and is ignored, except when it names a region
/// the way AWS's and LocalStack's endpoints do: <c>sqs.REGION.amazonaws.com</c>, <c>REGION.queue.amazonaws.com</c>,
/// <c>sqs.REGION.localhost.localstack.cloud</c> and <c>REGION.queue.localhost.localstack.cloud</c>. Parsed over spans,
/// as every message operation reads one, so a URL costs no allocation.
/// See https://docs.aws.amazon.com/general/latest/gr/sqs-service.html
/// </summary>
public static class SqsQueueUrl
{
    /// <summary>
    /// Splits a queue URL into the region its host names (empty when it names none), its account and its queue name
    /// (percent-decoded); false unless the path is exactly <c>/account/name</c>.
    /// </summary>
    public static bool TryParse(string url, out ReadOnlySpan<char> hostRegion, out ReadOnlySpan<char> account, out ReadOnlySpan<char> name)
    {
        hostRegion = account = name = default;
        ReadOnlySpan<char> path = url;
        var schemeEnd = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : 0;
        if (schemeEnd > 0)
        {
            var rest = path[schemeEnd..];
            var authorityEnd = rest.IndexOfAny('/', '?', '#');
            var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
            path = authorityEnd < 0 ? [] : rest[authorityEnd..];
            var queryAt = path.IndexOfAny('?', '#');
            if (queryAt >= 0)
            {
                path = path[..queryAt];
            }
            hostRegion = RegionOf(HostOf(authority));
        }

        // The path is /account/name; empty segments (a doubled slash) do not count.
        var segments = 0;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty)
            {
                continue;
            }
            switch (++segments)
            {
                case 1:
                    account = segment;
                    break;
                case 2:
                    name = segment;
                    break;
                default:
                    return false;
            }
        }
        if (segments != 2)
        {
            return false;
        }
        if (name.Contains('%'))
        {
            name = Uri.UnescapeDataString(name);
        }
        return true;
    }

    /// <summary>The host of an authority, without user information or port.</summary>
    private static ReadOnlySpan<char> HostOf(ReadOnlySpan<char> authority)
    {
        var at = authority.LastIndexOf('@');
        var host = at < 0 ? authority : authority[(at + 1)..];
        if (host.StartsWith('['))
        {
            return []; // an IPv6 literal names no region
        }
        var colon = host.IndexOf(':');
        return colon < 0 ? host : host[..colon];
    }

    /// <summary>The region an AWS- or LocalStack-style host names, lower-cased as regions are; empty for any other host.</summary>
    private static ReadOnlySpan<char> RegionOf(ReadOnlySpan<char> host)
    {
        ReadOnlySpan<char> region = [];
        foreach (var suffix in (ReadOnlySpan<string>)[".amazonaws.com", ".localhost.localstack.cloud"])
        {
            if (!host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var labels = host[..^suffix.Length];
            if (labels.StartsWith("sqs.", StringComparison.OrdinalIgnoreCase))
            {
                region = labels["sqs.".Length..];
            }
            else if (labels.EndsWith(".queue", StringComparison.OrdinalIgnoreCase))
            {
                region = labels[..^".queue".Length];
            }
            break;
        }
        if (region.IsEmpty || region.Contains('.'))
        {
            return [];
        }
        // Hosts are case-insensitive, regions are not: a host written in capitals still names the lower-case region.
        return region.ContainsAnyInRange('A', 'Z') ? region.ToString().ToLowerInvariant() : region;
    }
}
