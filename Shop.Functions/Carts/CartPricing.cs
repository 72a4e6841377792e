using Shop.Functions.Catalog;

namespace Shop.Functions.Carts;

/// <summary>Prices cart lines from the catalog in decimal; lines whose product left the catalog are dropped.</summary>
public static class CartPricing
{
    public const string DefaultCurrency = "USD";

    public static CartView Price(IReadOnlyList<CartLine> lines, IReadOnlyDictionary<string, Product> products)
    {
        var items = new List<LineItem>(lines.Count);
        foreach (var line in lines)
        {
            if (!products.TryGetValue(line.ProductId, out var product) || line.Quantity <= 0)
            {
                continue;
            }
            items.Add(new LineItem
            {
                ProductId = product.ProductId,
                Name = product.Name,
                UnitPrice = product.Price,
                Quantity = line.Quantity,
                LineTotal = product.Price * line.Quantity,
            });
        }
        var currency = items.Count == 0 ? DefaultCurrency : products[items[0].ProductId].Currency;
        return new CartView(items, items.Sum(i => i.Quantity), items.Sum(i => i.LineTotal), currency);
    }
}
