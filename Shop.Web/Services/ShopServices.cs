using Microsoft.Extensions.DependencyInjection;

namespace Shop.Web.Services;

public static class ShopServices
{
    /// <summary>Registers the API client and the state shared by the pages. <paramref name="apiBase"/> ends in <c>/api/</c>.</summary>
    public static IServiceCollection AddShopServices(this IServiceCollection services, Uri apiBase, HttpMessageHandler? handler = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new OrderPollingOptions());
        services.AddScoped(_ => handler is null ? new HttpClient { BaseAddress = apiBase } : new HttpClient(handler, disposeHandler: false) { BaseAddress = apiBase });
        services.AddScoped<SessionStore>();
        services.AddScoped<ShopApiClient>();
        services.AddScoped<CartState>();
        services.AddScoped<CatalogCategories>();
        services.AddTransient<OrderStatusPoller>();
        return services;
    }
}
