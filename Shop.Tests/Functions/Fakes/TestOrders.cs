using Shop.Functions.Carts;
using Shop.Functions.Orders;

namespace Shop.Tests.Functions.Fakes;

/// <summary>A pending order of two earbuds and a hub (199.48 USD) for service tests.</summary>
public static class TestOrders
{
    public static Order Pending(string orderId, string userId, DateTimeOffset createdAt) => new()
    {
        OrderId = orderId,
        UserId = userId,
        Email = "customer@email.com",
        Status = OrderStatus.Pending,
        Items =
        [
            new LineItem { ProductId = "p-1", Name = "Wireless Earbuds", UnitPrice = 79.99m, Quantity = 2, LineTotal = 159.98m },
            new LineItem { ProductId = "p-2", Name = "USB-C Hub", UnitPrice = 39.50m, Quantity = 1, LineTotal = 39.50m },
        ],
        Total = 199.48m,
        Currency = "USD",
        Shipping = new ShippingAddress { Name = "Ada Lovelace", Line1 = "1 Analytical Way", City = "London", PostalCode = "N1 9GU", Country = "GB" },
        CreatedAt = createdAt,
    };
}
