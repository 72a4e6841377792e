using Shop.Functions.Api;
using Shop.Functions.Catalog;

namespace Shop.Functions.Handlers;

/// <summary>getProducts: the public catalog. With a category it is a Query on the ByProductType index, never a Scan.</summary>
public sealed class GetProductsFunction(ShopServices services) : HttpApiFunction(services)
{
    private static readonly IReadOnlyDictionary<string, string> CacheableJson = new Dictionary<string, string>
    {
        ["content-type"] = "application/json; charset=utf-8",
        // Public and the same for everyone, so CloudFront may cache it briefly.
        ["cache-control"] = "public, max-age=60",
    };

    public GetProductsFunction() : this(ShopServices.Default)
    {
    }

    public override IReadOnlyCollection<string> EnvironmentVariables =>
        [ShopEnvironment.ProductsTable, ShopEnvironment.ProductsByTypeIndex];

    protected override IReadOnlyDictionary<string, RouteHandler> MapRoutes() => new Dictionary<string, RouteHandler>
    {
        ["GET /api/products"] = async (request, cancellationToken) =>
        {
            var page = await Catalog.ListAsync(request.Query("category"), request.Query("limit"), request.Query("cursor"), cancellationToken);
            return ApiResponses.Json(200, new ProductListBody(page.Items, page.NextCursor), ShopJsonContext.Default.ProductListBody, CacheableJson);
        },
        ["GET /api/products/{productId}"] = async (request, cancellationToken) =>
        {
            var product = await Catalog.GetAsync(request.PathParameter("productId"), cancellationToken);
            return ApiResponses.Json(200, product, ShopJsonContext.Default.Product, CacheableJson);
        },
    };

    private CatalogService Catalog => new(Services.CatalogStore);
}
