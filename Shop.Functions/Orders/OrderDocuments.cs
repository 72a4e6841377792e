using System.Globalization;
using System.Text;

namespace Shop.Functions.Orders;

/// <summary>The texts a shopper receives about an order: the confirmation email and the invoice.</summary>
public static class OrderDocuments
{
    public static EmailMessage ConfirmationEmail(Order order)
    {
        var text = new StringBuilder()
            .AppendLine($"Hello {order.Shipping.Name},")
            .AppendLine()
            .AppendLine($"Thank you for your order {order.OrderId}. We have received it and it is on its way.")
            .AppendLine()
            .Append(ItemTable(order))
            .AppendLine()
            .AppendLine("Shipping to:")
            .Append(Address(order.Shipping, "  "))
            .AppendLine()
            .AppendLine("Your invoice is attached to the order in your account.")
            .AppendLine()
            .AppendLine("The Shop");
        return new EmailMessage(order.Email, $"Your order {order.OrderId} is confirmed", text.ToString());
    }

    public static string Invoice(Order order, DateTimeOffset issuedAt)
    {
        return new StringBuilder()
            .AppendLine("INVOICE")
            .AppendLine()
            .AppendLine($"Invoice for order: {order.OrderId}")
            .AppendLine($"Order date:        {order.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}")
            .AppendLine($"Issued:            {issuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}")
            .AppendLine($"Customer email:    {order.Email}")
            .AppendLine()
            .AppendLine("Bill and ship to:")
            .Append(Address(order.Shipping, "  "))
            .AppendLine()
            .Append(ItemTable(order))
            .AppendLine()
            .AppendLine("Payment: simulated, no card was charged (proof of concept).")
            .ToString();
    }

    /// <summary>A fixed-width table of the lines and the total; amounts always with two decimals.</summary>
    private static string ItemTable(Order order)
    {
        var table = new StringBuilder()
            .AppendLine($"{"Item",-40} {"Qty",5} {"Unit price",12} {"Amount",12}")
            .AppendLine(new string('-', 72));
        foreach (var item in order.Items)
        {
            table.AppendLine($"{Clip(item.Name, 40),-40} {item.Quantity,5} {Money(item.UnitPrice),12} {Money(item.LineTotal),12}");
        }
        return table
            .AppendLine(new string('-', 72))
            .AppendLine($"{"Shipping",-40} {"",5} {"",12} {Money(0m),12}")
            .AppendLine($"{"Total (" + order.Currency + ")",-40} {order.Items.Sum(i => i.Quantity),5} {"",12} {Money(order.Total),12}")
            .ToString();
    }

    private static string Address(ShippingAddress address, string indent) => new StringBuilder()
        .AppendLine(indent + address.Name)
        .AppendLine(indent + address.Line1)
        .AppendLine($"{indent}{address.PostalCode} {address.City}")
        .AppendLine(indent + address.Country)
        .ToString();

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
