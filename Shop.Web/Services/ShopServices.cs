using Microsoft.Extensions.DependencyInjection;

namespace Shop.Web.Services;

public static class ShopServices
{
    /// <summary>
    /// Registers the API client and the state shared by the pages. <paramref name="apiBase"/> ends in <c>/api/</c>;
    /// without a <paramref name="transport"/> the calls go through the browser's fetch.
    /// </summary>
    public static IServiceCollection AddShopServices(this IServiceCollection services, Uri apiBase, IApiTransport? transport = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new OrderPollingOptions());
        services.AddSingleton(transport ?? BrowserTransport(apiBase));
        services.AddScoped<SessionStore>();
        services.AddScoped<ShopApiClient>();
        services.AddScoped<CartState>();
        services.AddScoped<CatalogCategories>();
        services.AddTransient<OrderStatusPoller>();
        return services;
    }

    private static IApiTransport BrowserTransport(Uri apiBase) => OperatingSystem.IsBrowser()
        ? new BrowserFetchTransport(apiBase)
        : throw new PlatformNotSupportedException("Outside a browser, pass the transport to AddShopServices.");
}
