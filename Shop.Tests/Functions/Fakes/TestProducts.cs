using Shop.Functions.Catalog;

namespace Shop.Tests.Functions.Fakes;

/// <summary>Small products for service tests.</summary>
public static class TestProducts
{
    public static Product Make(string id, string type = "Electronics", decimal price = 10m, int stock = 10) => new()
    {
        ProductId = id,
        Name = "Product " + id,
        Description = "A test product.",
        Price = price,
        Currency = "USD",
        ProductType = type,
        ImageUrl = $"/images/products/{id}.svg",
        Stock = stock,
    };
}
