using Microsoft.Playwright;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Web.EndToEnd;

/// <summary>
/// One headless Chromium for the browser tests, pointed at the running shop: the origin that serves the published
/// storefront and routes <c>/api/*</c> to the local API Gateway. <c>SHOP_E2E_BASE_URL</c> names a running system
/// (for example the AppHost's http://localhost:8080); without it the fixture starts one on free ports.
/// </summary>
public sealed class StorefrontFixture : IAsyncLifetime
{
    public const string BaseUrlVariable = "SHOP_E2E_BASE_URL";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ShopSystem? _system;

    public Uri BaseUrl { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);

    /// <summary>Where screenshots go; CI keeps this folder as the run's artifacts.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("SHOP_TEST_ARTIFACTS") ?? RepositoryPaths.Combine("artifacts", "web-e2e")).FullName;

    /// <summary>The running shop named by <c>SHOP_E2E_BASE_URL</c>, or null when none is named.</summary>
    public static Uri? ConfiguredBaseUrl { get; } =
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null;

    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return; // BrowserFact has skipped the tests (or, in CI, they fail with Chromium.MissingMessage)
        }
        if (ConfiguredBaseUrl is { } configured)
        {
            BaseUrl = configured;
        }
        else
        {
            _system = await ShopSystem.StartAsync();
            BaseUrl = _system.BaseUrl;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions);
    }

    /// <summary>A fresh shopper: its own cookies and localStorage, so its own guest session.</summary>
    public Task<IBrowserContext> NewShopperAsync(ViewportSize? viewport = null) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl.ToString(),
        ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        Locale = "en-US",
    });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_system is not null) await _system.DisposeAsync();
    }
}
