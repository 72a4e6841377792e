using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shop.LocalAws;
using Shop.LocalAws.CloudFront;
using Shop.LocalAws.Provisioning;
using Shop.Tests.Infrastructure;
using Shop.Tests.LocalAws.Lambda;

namespace Shop.Tests.Web.EndToEnd;

/// <summary>
/// The whole shop on free ports, as the AppHost runs it but without fixed ports: LocalAws in-process, provisioned from
/// infra/shop.template.yaml; one runner supervisor process per function of the template; the catalog seeded through
/// the seed function; and the origin (CloudFront's role) serving Shop.Web's build and routing /api/* to the HTTP API.
/// </summary>
public sealed class ShopSystem : IAsyncDisposable
{
    private readonly TemplateLocalAws _localAws = new();
    private readonly List<RunnerProcess> _runners = [];
    private WebApplication? _origin;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<ShopSystem> StartAsync()
    {
        var system = new ShopSystem();
        try
        {
            await system.StartPiecesAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartPiecesAsync()
    {
        await _localAws.InitializeAsync();
        await _localAws.App.Services.GetRequiredService<TemplateProvisioner>().Completion.WaitAsync(TimeSpan.FromMinutes(3));

        var stack = CloudFormationStack.Load(TemplateLocalAws.TemplatePath);
        foreach (var function in stack.Resources.Where(r => r.Type == "AWS::Lambda::Function").Select(stack.PhysicalName))
        {
            _runners.Add(RunnerProcess.StartSupervisor(function, _localAws.BaseUrl, maxWorkers: 2));
        }
        if (stack.Output("SeedCatalogFunctionName") is { } seed)
        {
            await SeedCatalogAsync(seed);
        }

        _origin = LocalOrigin.Build([], options =>
        {
            options.Port = 0;
            options.SiteRoots = SiteRoot();
            options.LocalAws = _localAws.BaseUrl.ToString();
            options.TemplatePath = TemplateLocalAws.TemplatePath;
        });
        await _origin.StartAsync();
        BaseUrl = new Uri(_origin.GetOriginAddress().ToString().TrimEnd('/') + "/");
    }

    private async Task SeedCatalogAsync(string seedFunction)
    {
        using var http = _localAws.CreateHttpClient();
        http.Timeout = TimeSpan.FromMinutes(3);
        using var response = await http.PostAsync($"/2015-03-31/functions/{Uri.EscapeDataString(seedFunction)}/invocations", new StringContent("{}"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"Seeding the catalog with {seedFunction} failed: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>
    /// The storefront to serve: the folder <c>SHOP_E2E_SITE_ROOT</c> names (CI sets it to the trimmed Release publish's
    /// wwwroot, what shoppers get), else Shop.Web's development build (Shop.Tests references it, so it is built).
    /// </summary>
    private static string SiteRoot()
    {
        if (Environment.GetEnvironmentVariable("SHOP_E2E_SITE_ROOT") is { Length: > 0 } published)
        {
            return File.Exists(Path.Combine(published, "index.html"))
                ? published
                : throw new DirectoryNotFoundException($"SHOP_E2E_SITE_ROOT has no index.html: {published}");
        }
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var manifest = RepositoryPaths.Combine("Shop.Web", "bin", configuration, "net10.0", "Shop.Web.staticwebassets.runtime.json");
        return File.Exists(manifest) ? manifest : throw new FileNotFoundException("Shop.Web has not been built: " + manifest);
    }

    public async ValueTask DisposeAsync()
    {
        if (_origin is not null)
        {
            await _origin.StopAsync();
            await _origin.DisposeAsync();
        }
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }
        await _localAws.DisposeAsync();
    }

    /// <summary>LocalAws provisioned from the real template, with its data in memory.</summary>
    private sealed class TemplateLocalAws : LocalAwsFixture
    {
        public static string TemplatePath { get; } = RepositoryPaths.Combine("infra", "shop.template.yaml");

        protected override void Configure(LocalAwsOptions options) => options.TemplatePath = TemplatePath;
    }
}
