using Shop.Functions.Carts;
using Shop.Functions.Orders;

namespace Shop.Tests.Functions.Orders;

public class OrderDocumentsTests
{
    private static readonly Order Order = new()
    {
        OrderId = "order-abc",
        UserId = "u",
        Email = "customer@email.com",
        Status = OrderStatus.Pending,
        Items =
        [
            new LineItem { ProductId = "p-1", Name = "Wireless Earbuds", UnitPrice = 79.99m, Quantity = 2, LineTotal = 159.98m },
            new LineItem { ProductId = "p-2", Name = "Mechanical Keyboard", UnitPrice = 109m, Quantity = 1, LineTotal = 109m },
        ],
        Total = 268.98m,
        Currency = "USD",
        Shipping = new ShippingAddress { Name = "Ada Lovelace", Line1 = "1 Analytical Way", City = "London", PostalCode = "N1 9GU", Country = "GB" },
        CreatedAt = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public void The_invoice_lists_every_line_and_the_total_with_two_decimals()
    {
        var invoice = OrderDocuments.Invoice(Order, Order.CreatedAt.AddMinutes(1));
        var lines = invoice.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Contains("Invoice for order: order-abc", invoice);
        Assert.Contains(lines, l => l.StartsWith("Wireless Earbuds") && l.Contains(" 2 ") && l.Contains("79.99") && l.EndsWith("159.98"));
        Assert.Contains(lines, l => l.StartsWith("Mechanical Keyboard") && l.Contains("109.00") && l.EndsWith("109.00"));
        Assert.Contains(lines, l => l.StartsWith("Total (USD)") && l.EndsWith("268.98"));
        Assert.Contains("2026-11-25 09:30 UTC", invoice);
        Assert.Contains("N1 9GU London", invoice);
    }

    [Fact]
    public void The_confirmation_email_names_the_order_items_total_and_shipping()
    {
        var email = OrderDocuments.ConfirmationEmail(Order);

        Assert.Equal("customer@email.com", email.To);
        Assert.Equal("Your order order-abc is confirmed", email.Subject);
        Assert.Contains("Wireless Earbuds", email.Body);
        Assert.Contains("268.98", email.Body);
        Assert.Contains("1 Analytical Way", email.Body);
    }
}
