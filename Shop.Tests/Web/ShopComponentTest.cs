using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Shop.Web.Services;

namespace Shop.Tests.Web;

/// <summary>Renders storefront components with the app's real services, talking to a <see cref="FakeShopApi"/>.</summary>
public abstract class ShopComponentTest : BunitContext
{
    protected ShopComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose; // localStorage reads answer null: every test starts as a new shopper
        var apiBase = new Uri("http://shop.test/api/");
        Services.AddShopServices(apiBase, new HandlerTransport(Api, apiBase));
        Services.AddSingleton(new OrderPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), MaxAttempts = 50 });
    }

    protected FakeShopApi Api { get; } = FakeShopApi.WithCatalog();

    protected ShopApiClient Client => Services.GetRequiredService<ShopApiClient>();

    protected CartState Cart => Services.GetRequiredService<CartState>();

    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
}
