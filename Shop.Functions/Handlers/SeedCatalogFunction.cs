using System.Diagnostics;
using Shop.Functions.Catalog;

namespace Shop.Functions.Handlers;

/// <summary>
/// seedCatalog: writes the embedded catalog (infra/catalog/products.json) to the Products table, leaving products that
/// exist untouched, so it can run on every start. Invoked by the AppHost locally and by the deploy script; any event.
/// </summary>
public sealed class SeedCatalogFunction(ShopServices services)
{
    public SeedCatalogFunction() : this(ShopServices.Default)
    {
    }

    public static IReadOnlyCollection<string> EnvironmentVariables => [ShopEnvironment.ProductsTable];

    public async Task<Stream> Handle(Stream input)
    {
        using var activity = ShopTelemetry.Source.StartActivity("SeedCatalogFunction", ActivityKind.Server);
        var result = await new CatalogSeeder(services.ProductsById).SeedAsync(CancellationToken.None);
        activity?.SetTag("shop.products_added", result.Added);
        return await LambdaStreams.WriteAsync(result, ShopJsonContext.Default.SeedResult);
    }
}
