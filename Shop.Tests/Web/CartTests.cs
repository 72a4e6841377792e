using Bunit;
using Shop.Web.Components;
using Shop.Web.Pages;

namespace Shop.Tests.Web;

public class CartTests : ShopComponentTest
{
    [Fact]
    public void Adding_a_product_updates_the_header_badge_at_once()
    {
        var badge = Render<CartBadge>();
        badge.WaitForAssertion(() => Assert.Equal("0", badge.Find("[data-testid=cart-count]").TextContent), Patience);

        var page = Render<ProductDetails>(p => p.Add(x => x.ProductId, "prod-102"));
        page.WaitForElement("#quantity", Patience).Change("3");
        page.Find("form.add-to-cart").Submit();

        badge.WaitForAssertion(() => Assert.Equal("3", badge.Find("[data-testid=cart-count]").TextContent), Patience);
        Assert.Equal("Cart, 3 items", badge.Find("a").GetAttribute("aria-label"));
        page.WaitForAssertion(() => Assert.Contains("3 × Books item 2 in your cart", page.Find("[role=status]").TextContent), Patience);
    }

    [Fact]
    public void Opening_a_product_records_a_view_with_its_category()
    {
        var page = Render<ProductDetails>(p => p.Add(x => x.ProductId, "prod-203"));
        page.WaitForAssertion(() => Assert.Contains("POST /events", Api.Requests), Patience);
        Assert.Equal("Electronics item 3", page.Find("h1").TextContent);
    }

    [Fact]
    public void An_out_of_stock_product_cannot_be_added()
    {
        var page = Render<ProductDetails>(p => p.Add(x => x.ProductId, "prod-105"));
        var button = page.WaitForElement("form.add-to-cart button", Patience);
        Assert.True(button.HasAttribute("disabled"));
        Assert.Equal("Out of stock", button.TextContent.Trim());
    }

    [Fact]
    public void Asking_for_more_than_the_stock_shows_the_shops_reason_and_changes_nothing()
    {
        var page = Render<ProductDetails>(p => p.Add(x => x.ProductId, "prod-101"));
        page.WaitForElement("#quantity", Patience).Change("11");
        page.Find("form.add-to-cart").Submit();

        page.WaitForAssertion(() => Assert.Contains("Only 10 of Books item 1 in stock.", page.Find("[role=alert]").TextContent), Patience);
        Assert.Equal(0, Cart.Current.ItemCount);
    }

    [Fact]
    public async Task The_cart_page_shows_lines_subtotal_and_count_from_the_server()
    {
        await Cart.AddAsync("prod-101", 2);   // 10.99 each
        await Cart.AddAsync("prod-202", 1);   // 20.99

        var page = Render<CartPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=cart-line]").Count), Patience);
        Assert.Equal("3", page.Find("[data-testid=cart-item-count]").TextContent);
        Assert.Equal("$42.97", page.Find("[data-testid=cart-subtotal]").TextContent);
    }

    [Fact]
    public async Task Lowering_a_quantity_sets_the_line_to_exactly_that_quantity()
    {
        await Cart.AddAsync("prod-101", 4);
        var page = Render<CartPage>();
        page.WaitForElement("#qty-prod-101", Patience).Change("1");

        page.WaitForAssertion(() => Assert.Equal("$10.99", page.Find("[data-testid=cart-subtotal]").TextContent), Patience);
        var server = await Client.GetCartAsync();
        Assert.Equal(1, Assert.Single(server.Items).Quantity);
    }

    [Fact]
    public async Task Raising_a_quantity_adds_only_the_difference()
    {
        await Cart.AddAsync("prod-101", 2);
        var page = Render<CartPage>();
        page.WaitForElement("#qty-prod-101", Patience).Change("5");

        page.WaitForAssertion(() => Assert.Equal("5", page.Find("[data-testid=cart-item-count]").TextContent), Patience);
        Assert.Equal(5, Assert.Single((await Client.GetCartAsync()).Items).Quantity);
    }

    [Fact]
    public async Task Removing_a_line_updates_the_subtotal_and_the_badge()
    {
        await Cart.AddAsync("prod-101", 1);
        await Cart.AddAsync("prod-302", 2);
        var badge = Render<CartBadge>();
        var page = Render<CartPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=cart-line]").Count), Patience);

        page.Find("button[aria-label='Remove Toys item 2']").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cart-line]")), Patience);
        Assert.Equal("$10.99", page.Find("[data-testid=cart-subtotal]").TextContent);
        badge.WaitForAssertion(() => Assert.Equal("1", badge.Find("[data-testid=cart-count]").TextContent), Patience);
    }

    [Fact]
    public async Task A_zero_quantity_is_refused_in_the_page_without_calling_the_api()
    {
        await Cart.AddAsync("prod-101", 2);
        var page = Render<CartPage>();
        var before = Api.Requests.Count;
        page.WaitForElement("#qty-prod-101", Patience).Change("0");

        Assert.Contains("Enter a quantity of 1 or more", page.Find("[role=alert]").TextContent);
        Assert.Equal(before, Api.Requests.Count);
    }

    [Fact]
    public void An_empty_cart_says_so()
    {
        var page = Render<CartPage>();
        page.WaitForAssertion(() => Assert.Contains("Your cart is empty", page.Markup), Patience);
    }

    [Fact]
    public void An_unreachable_api_is_explained_and_retry_recovers()
    {
        Api.Unreachable = true;
        var page = Render<CartPage>();
        page.WaitForAssertion(() => Assert.Contains("can't reach the shop", page.Find("[role=alert]").TextContent), Patience);

        Api.Unreachable = false;
        page.Find("[role=alert] button").Click();
        page.WaitForAssertion(() => Assert.Contains("Your cart is empty", page.Markup), Patience);
        Assert.Empty(page.FindAll("[role=alert]"));
    }

    [Fact]
    public async Task One_guest_session_serves_every_call_of_the_app()
    {
        var home = Render<Home>();
        var badge = Render<CartBadge>();
        home.WaitForElement("[data-testid=catalog-grid]", Patience);
        await Cart.AddAsync("prod-101", 1);
        Assert.Equal(1, Api.SessionsCreated);
    }
}
