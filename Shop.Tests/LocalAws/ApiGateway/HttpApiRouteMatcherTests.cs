using Shop.LocalAws.ApiGateway;

namespace Shop.Tests.LocalAws.ApiGateway;

public class HttpApiRouteMatcherTests
{
    private static readonly HttpApiRoute[] Routes =
    [
        new("r1", "GET /pets/{id}", "f"),
        new("r2", "GET /pets/dog", "f"),
        new("r3", "ANY /pets/{proxy+}", "f"),
        new("r4", "ANY /pets/dog", "f"),
        new("r5", "$default", "f"),
        new("r6", "GET /pets/{id}/toys/{toy}", "f"),
    ];

    [Theory]
    [InlineData("GET", "/pets/dog", "GET /pets/dog")]
    [InlineData("POST", "/pets/dog", "ANY /pets/dog")]
    [InlineData("GET", "/pets/cat", "GET /pets/{id}")]
    [InlineData("GET", "/pets/cat/food", "ANY /pets/{proxy+}")]
    [InlineData("GET", "/pets/cat/toys/ball", "GET /pets/{id}/toys/{toy}")]
    [InlineData("GET", "/pets", "$default")]
    [InlineData("PUT", "/anything/else", "$default")]
    public void The_most_specific_route_wins(string method, string path, string expected)
    {
        Assert.Equal(expected, HttpApiRouteMatcher.Match(Routes, method, path)!.Route.RouteKey);
    }

    [Fact]
    public void Path_variables_are_decoded()
    {
        var match = HttpApiRouteMatcher.Match(Routes, "GET", "/pets/big%20dog")!;

        Assert.Equal("big dog", match.PathParameters["id"]);
    }

    [Fact]
    public void Without_a_default_route_an_unmatched_request_has_no_route()
    {
        Assert.Null(HttpApiRouteMatcher.Match(Routes.Where(r => r.RouteKey != "$default"), "GET", "/pets"));
    }

    [Fact]
    public void Method_names_are_case_sensitive_as_in_API_Gateway()
    {
        // "get" is not GET: only the ANY routes can take it.
        Assert.Equal("ANY /pets/{proxy+}", HttpApiRouteMatcher.Match(Routes, "get", "/pets/cat")!.Route.RouteKey);
        Assert.Equal("ANY /pets/dog", HttpApiRouteMatcher.Match(Routes, "get", "/pets/dog")!.Route.RouteKey);
    }
}
