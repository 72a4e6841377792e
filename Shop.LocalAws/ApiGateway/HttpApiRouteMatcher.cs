namespace Shop.LocalAws.ApiGateway;

/// <summary>A route chosen for a request, with the values of its path variables.</summary>
public sealed record HttpApiRouteMatch(HttpApiRoute Route, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>
/// Chooses the route for a request as HTTP APIs do: a full match beats a path with variables, which beats a
/// greedy <c>{proxy+}</c>; a route for the method beats <c>ANY</c>; <c>$default</c> catches the rest.
/// See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
/// </summary>
public static class HttpApiRouteMatcher
{
    public static HttpApiRouteMatch? Match(IEnumerable<HttpApiRoute> routes, string method, string path)
    {
        var pathSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        HttpApiRouteMatch? best = null;
        (int, int, int, int) bestRank = default;
        HttpApiRoute? fallback = null;
        foreach (var route in routes)
        {
            if (route.RouteKey == "$default")
            {
                fallback = route;
                continue;
            }
            var space = route.RouteKey.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                continue;
            }
            var routeMethod = route.RouteKey[..space];
            if (routeMethod != "ANY" && !string.Equals(routeMethod, method, StringComparison.Ordinal))
            {
                continue;
            }
            if (!TryMatchPath(route.RouteKey[(space + 1)..], pathSegments, out var parameters, out var literals, out var greedy))
            {
                continue;
            }
            // Higher is more specific: no greedy variable, more literal segments, more segments, a named method.
            var rank = (greedy ? 0 : 1, literals, greedy ? 0 : pathSegments.Length, routeMethod == "ANY" ? 0 : 1);
            if (best is null || rank.CompareTo(bestRank) > 0)
            {
                best = new HttpApiRouteMatch(route, parameters);
                bestRank = rank;
            }
        }
        return best ?? (fallback is null ? null : new HttpApiRouteMatch(fallback, new Dictionary<string, string>()));
    }

    private static bool TryMatchPath(string template, string[] path, out Dictionary<string, string> parameters, out int literals, out bool greedy)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        literals = 0;
        greedy = false;
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('{') && segment.EndsWith("+}", StringComparison.Ordinal))
            {
                // A greedy variable is last and matches one or more segments.
                if (i != segments.Length - 1 || path.Length <= i)
                {
                    return false;
                }
                greedy = true;
                parameters[segment[1..^2]] = Uri.UnescapeDataString(string.Join('/', path[i..]));
                return true;
            }
            if (i >= path.Length)
            {
                return false;
            }
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                parameters[segment[1..^1]] = Uri.UnescapeDataString(path[i]);
            }
            else if (string.Equals(segment, path[i], StringComparison.Ordinal))
            {
                literals++;
            }
            else
            {
                return false;
            }
        }
        return segments.Length == path.Length;
    }
}
