using Shop.Functions.Orders;
using Shop.Tests.Functions.Fakes;

namespace Shop.Tests.Functions.Orders;

public class OrderDocumentsTests
{
    private static readonly Order Order = TestOrders.Pending("order-abc", "u", new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void The_invoice_lists_every_line_and_the_total_with_two_decimals()
    {
        var invoice = OrderDocuments.Invoice(Order, Order.CreatedAt.AddMinutes(1));
        var lines = invoice.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Contains("Invoice for order: order-abc", invoice);
        Assert.Contains(lines, l => l.StartsWith("Wireless Earbuds") && l.Contains(" 2 ") && l.Contains("79.99") && l.EndsWith("159.98"));
        Assert.Contains(lines, l => l.StartsWith("USB-C Hub") && l.Contains("39.50") && l.EndsWith("39.50"));
        Assert.Contains(lines, l => l.StartsWith("Total (USD)") && l.Contains(" 3 ") && l.EndsWith("199.48"));
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
        Assert.Contains("199.48", email.Body);
        Assert.Contains("1 Analytical Way", email.Body);
    }
}
