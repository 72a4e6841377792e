using System.Net;
using Microsoft.AspNetCore.Builder;
using Shop.LocalAws.CloudFront;

namespace Shop.Tests.LocalAws.CloudFront;

public sealed class LocalOriginTests : IAsyncLifetime
{
    private readonly string _site = Path.Combine(Path.GetTempPath(), "shop-origin-" + Guid.NewGuid().ToString("N"));
    private readonly string _build = Path.Combine(Path.GetTempPath(), "shop-origin-build-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _origin;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_site, "css"));
        File.WriteAllText(Path.Combine(_site, "index.html"), "<!doctype html><title>Shop</title>");
        File.WriteAllText(Path.Combine(_site, "css", "app.css"), "body{}");
        Directory.CreateDirectory(Path.Combine(_build, "_framework"));
        File.WriteAllBytes(Path.Combine(_build, "_framework", "dotnet.native.abcdef1234.wasm"), [0, 97, 115, 109]);
        // A static web assets manifest as a Blazor build writes it: one file mapped by name, one folder by pattern.
        var manifest = Path.Combine(_build, "Shop.Web.staticwebassets.runtime.json");
        File.WriteAllText(manifest, $$$"""
            {"ContentRoots":["{{{_site}}}/","{{{_build}}}/_framework/"],
             "Root":{"Children":{
               "index.html":{"Children":null,"Asset":{"ContentRootIndex":0,"SubPath":"index.html"},"Patterns":null},
               "_framework":{"Children":null,"Asset":null,"Patterns":[{"ContentRootIndex":1,"Pattern":"**","Depth":1}]}},
              "Asset":null,"Patterns":[{"ContentRootIndex":0,"Pattern":"**","Depth":0}]}}
            """);
        var template = Path.Combine(_build, "template.yaml");
        File.WriteAllText(template, "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: a, ProtocolType: HTTP}\n");
        _origin = LocalOrigin.Build([], options =>
        {
            options.Port = 0;
            options.TemplatePath = template;
            options.SiteRoots = manifest;
            options.LocalAws = "http://127.0.0.1:9"; // nothing listens: the API origin is unreachable
        });
        await _origin.StartAsync();
        _http = new HttpClient { BaseAddress = _origin.GetOriginAddress() };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _origin!.StopAsync();
        await _origin.DisposeAsync();
        Directory.Delete(_site, recursive: true);
        Directory.Delete(_build, recursive: true);
    }

    [Fact]
    public async Task The_root_serves_index_html_that_revalidates()
    {
        var response = await _http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Contains("<title>Shop</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_come_from_the_static_web_assets_manifest_with_their_content_types()
    {
        var css = await _http.GetAsync("/css/app.css");
        var wasm = await _http.GetAsync("/_framework/dotnet.native.abcdef1234.wasm");

        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Equal("application/wasm", wasm.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", wasm.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deep_link_falls_back_to_index_html_but_a_missing_file_is_404()
    {
        var deepLink = await _http.GetAsync("/orders/order-123");
        var missing = await _http.GetAsync("/css/missing.css");

        Assert.Contains("<title>Shop</title>", await deepLink.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_path_escaping_the_site_root_is_not_served()
    {
        var response = await _http.GetAsync("/css/..%2F..%2Fetc%2Fpasswd.txt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unchanged_file_answers_304_to_its_etag()
    {
        var first = await _http.GetAsync("/css/app.css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/css/app.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task An_unreachable_api_origin_is_CloudFronts_502()
    {
        var response = await _http.GetAsync("/api/products");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }
}
