using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Shop.Tests.Web.EndToEnd;

/// <summary>
/// Both use cases in a real browser against the real system: browsing feeds recommendations, and an order goes from
/// "Order Received" to PROCESSED with a working invoice. Every page visited is checked with axe.
/// </summary>
[Trait("Category", "Browser")]
public class ShopperJourneyTests(StorefrontFixture shop) : IClassFixture<StorefrontFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    // Generous: the first calls cold-start function processes, and CI shares two cores with the whole system.
    private static readonly float Patience = 90_000;

    [BrowserFact]
    public async Task A_new_shopper_browses_gets_recommendations_orders_and_sees_it_processed_with_an_invoice()
    {
        Assert.True(Chromium.ExecutablePath is not null, Chromium.MissingMessage);
        await using var context = await shop.NewShopperAsync();
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) => log.Enqueue($"console {message.Type}: {message.Text}");
        page.Response += (_, response) => log.Enqueue($"{response.Request.Method} {response.Url} → {response.Status}");
        try
        {
            await ShopAsync(context, page);
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(StorefrontFixture.ArtifactsDirectory, "journey-failure.png"), FullPage = true });
            await File.WriteAllLinesAsync(Path.Combine(StorefrontFixture.ArtifactsDirectory, "journey-failure.log"), [.. pageErrors, .. log]);
            throw;
        }
        Assert.Empty(pageErrors);
    }

    private async Task ShopAsync(IBrowserContext context, IPage page)
    {

        // Home: the catalog renders and its category filter comes from the data.
        await page.GotoAsync("");
        await page.Locator("[data-testid=catalog-grid] li").First.WaitForAsync(new() { Timeout = Patience });
        await CheckPageAsync(page, "home-new-shopper");
        var categories = await page.Locator("nav[aria-label=Categories] a").AllInnerTextsAsync();
        Assert.True(categories.Count >= 3, $"expected several categories, found: {string.Join(", ", categories)}");
        var (favourite, other) = (categories[2], categories[1]); // not the first: recommendations must not just echo "All"

        // Views: three products in the favourite category, one in another.
        var favouriteProducts = await ViewProductsAsync(page, favourite, 3);
        var otherProducts = await ViewProductsAsync(page, other, 1);

        // Home again: recommendations for the most-viewed category.
        await page.GotoAsync("");
        var recommendations = page.Locator("[data-testid=recommendations]");
        await Assertions.Expect(recommendations).ToHaveAttributeAsync("data-based-on", favourite, new() { Timeout = Patience });
        await Assertions.Expect(recommendations.Locator("h2")).ToHaveTextAsync("Recommended for you");
        await Assertions.Expect(recommendations).ToContainTextAsync($"Because you looked at {favourite}");
        await CheckPageAsync(page, "home-with-recommendations");

        // Cart: one of each category; the badge counts at once.
        await AddToCartAsync(page, favouriteProducts[0], quantity: 2);
        await Assertions.Expect(page.Locator("[data-testid=cart-count]")).ToHaveTextAsync("2");
        await AddToCartAsync(page, otherProducts[0], quantity: 1);
        await Assertions.Expect(page.Locator("[data-testid=cart-count]")).ToHaveTextAsync("3");
        await CheckPageAsync(page, "product");

        await page.Locator("a.cart-link").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cart-line]")).ToHaveCountAsync(2, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=cart-item-count]")).ToHaveTextAsync("3");
        await CheckPageAsync(page, "cart");

        // Checkout: a mistake is shown inline first, then the order goes through.
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await CheckPageAsync(page, "checkout-with-errors");
        await page.GetByLabel("Email").FillAsync("ada@example.com");
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Street address").FillAsync("12 Analytical Row");
        await page.GetByLabel("City").FillAsync("London");
        await page.GetByLabel("Postal code").FillAsync("N1 9GU");
        await page.GetByLabel("Country").FillAsync("United Kingdom");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        // Thank you: "Order Received" at once, then PROCESSED by itself, then an invoice that opens.
        await page.WaitForURLAsync(new Regex("/orders/[^/?]+"), new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=receipt-status]")).ToHaveTextAsync("Order Received");
        var orderId = (await page.Locator("[data-testid=order-id]").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(orderId));
        await Assertions.Expect(page.Locator("[data-testid=order-status]")).ToHaveTextAsync("PROCESSED", new() { Timeout = 180_000 });
        var invoiceUrl = await page.Locator("[data-testid=invoice-link]").GetAttributeAsync("href");
        Assert.NotNull(invoiceUrl);
        var invoice = await context.APIRequest.GetAsync(invoiceUrl!);
        Assert.Equal(200, invoice.Status);
        Assert.Contains(orderId, await invoice.TextAsync());
        await CheckPageAsync(page, "thank-you");

        // The order list shows it; the header cart is empty once processed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=order-row]", new() { HasText = orderId })).ToContainTextAsync("PROCESSED", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=cart-count]")).ToHaveTextAsync("0");
        await CheckPageAsync(page, "orders");

        // Another shopper cannot see it, by link or in their list.
        await using var stranger = await shop.NewShopperAsync();
        var strangerPage = await stranger.NewPageAsync();
        await strangerPage.GotoAsync($"orders/{Uri.EscapeDataString(orderId)}");
        await Assertions.Expect(strangerPage.Locator("[data-testid=order-status-panel]")).ToContainTextAsync("can't find this order", new() { Timeout = Patience });
        await Assertions.Expect(strangerPage.Locator("[data-testid=order-status]")).ToHaveCountAsync(0);
        await strangerPage.GotoAsync("orders");
        await Assertions.Expect(strangerPage.GetByText("You haven't ordered anything yet")).ToBeVisibleAsync(new() { Timeout = Patience });
        await CheckPageAsync(strangerPage, "orders-empty");
    }

    [BrowserFact]
    public async Task A_deep_link_and_an_unknown_address_both_load_the_app()
    {
        Assert.True(Chromium.ExecutablePath is not null, Chromium.MissingMessage);
        await using var context = await shop.NewShopperAsync();
        var page = await context.NewPageAsync();

        var cart = await page.GotoAsync("cart");
        Assert.Equal(200, cart!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" })).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.GetByText("Your cart is empty")).ToBeVisibleAsync(new() { Timeout = Patience });
        await CheckPageAsync(page, "cart-empty");

        await page.GotoAsync("products/no-such-product");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Product not found" })).ToBeVisibleAsync(new() { Timeout = Patience });
        await CheckPageAsync(page, "product-not-found");

        await page.GotoAsync("no/such/page");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync(new() { Timeout = Patience });
        await CheckPageAsync(page, "not-found");
    }

    /// <summary>Opens the first <paramref name="count"/> products of a category, waiting until each view is recorded.</summary>
    private static async Task<List<string>> ViewProductsAsync(IPage page, string category, int count)
    {
        await page.GotoAsync($"?category={Uri.EscapeDataString(category)}");
        await Assertions.Expect(page.Locator("#catalog-heading")).ToHaveTextAsync(category, new() { Timeout = Patience });
        var links = page.Locator("[data-testid=catalog-grid] a.card-link");
        await links.First.WaitForAsync(new() { Timeout = Patience });
        var hrefs = new List<string>();
        for (var i = 0; i < count; i++)
        {
            hrefs.Add((await links.Nth(i).GetAttributeAsync("href"))!);
        }
        foreach (var href in hrefs)
        {
            var recorded = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/events", StringComparison.Ordinal) && r.Request.Method == "POST", new() { Timeout = Patience });
            await page.GotoAsync(href);
            await Assertions.Expect(page.Locator("h1")).Not.ToHaveTextAsync("Loading product", new() { Timeout = Patience });
            Assert.Equal(202, (await recorded).Status);
        }
        return hrefs;
    }

    private static async Task AddToCartAsync(IPage page, string productHref, int quantity)
    {
        await page.GotoAsync(productHref);
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("in your cart", new() { Timeout = Patience });
    }

    /// <summary>Screenshots at desktop and phone size, and axe with no serious or critical violation.</summary>
    private static async Task CheckPageAsync(IPage page, string name)
    {
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, $"axe on {name}: " + string.Join("; ", serious));

        var desktop = page.ViewportSize;
        await page.ScreenshotAsync(new() { Path = Path.Combine(StorefrontFixture.ArtifactsDirectory, $"{name}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(StorefrontFixture.ArtifactsDirectory, $"{name}-phone.png"), FullPage = true });
        var phoneAxe = await page.RunAxe();
        Assert.DoesNotContain(phoneAxe.Violations, v => v.Impact is "serious" or "critical");
        if (desktop is not null) await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
    }
}
