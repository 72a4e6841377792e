using CsCheck;
using Shop.Functions.Carts;
using Shop.Functions.Catalog;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Carts;

public class CartPricingPropertyTests
{
    [Fact]
    public void Totals_are_exact_to_the_cent_for_any_prices_and_quantities()
    {
        var line = Gen.Select(Gen.Int[1, 99_999_99], Gen.Int[1, 99]);
        line.Array[1, 30].Sample(lines =>
        {
            var products = new Dictionary<string, Product>();
            var cartLines = new List<CartLine>();
            long expectedCents = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var (cents, quantity) = lines[i];
                var id = "p-" + i;
                products[id] = TestProducts.Make(id, price: cents / 100m);
                cartLines.Add(new CartLine(id, quantity));
                expectedCents += (long)cents * quantity;
            }

            var cart = CartPricing.Price(cartLines, products);

            Assert.Equal(expectedCents / 100m, cart.Subtotal);
            Assert.Equal(lines.Sum(l => l.Item2), cart.ItemCount);
            Assert.All(cart.Items, item => Assert.Equal(item.UnitPrice * item.Quantity, item.LineTotal));
        });
    }
}
