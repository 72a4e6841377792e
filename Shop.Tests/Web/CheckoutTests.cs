using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Shop.Web.Pages;
using Shop.Web.Services;

namespace Shop.Tests.Web;

public class CheckoutTests : ShopComponentTest
{
    private static readonly Dictionary<string, string> ValidAddress = new()
    {
        ["#email"] = "ada@example.com",
        ["#name"] = "Ada Lovelace",
        ["#line1"] = "12 Analytical Row",
        ["#city"] = "London",
        ["#postal-code"] = "N1 9GU",
        ["#country"] = "United Kingdom",
    };

    private IRenderedComponent<Checkout> RenderFilledIn(Dictionary<string, string>? overrides = null)
    {
        var page = Render<Checkout>();
        page.WaitForAssertion(() => Assert.Contains("subtotal", page.Find("[data-testid=checkout-summary]").TextContent), Patience);
        foreach (var (selector, value) in ValidAddress)
        {
            page.Find(selector).Input(overrides?.GetValueOrDefault(selector) ?? value);
        }
        return page;
    }

    [Fact]
    public void Submitting_an_empty_form_marks_every_field_and_sends_no_order()
    {
        var page = Render<Checkout>();
        page.Find("form").Submit();

        var errors = page.FindAll(".field-error").Select(e => e.TextContent).ToList();
        Assert.Equal(6, errors.Count);
        Assert.Contains("Enter your email address, so we can send your confirmation.", errors);
        Assert.All(page.FindAll("input"), input => Assert.Equal("true", input.GetAttribute("aria-invalid")));
        Assert.Equal("email-error", page.Find("#email").GetAttribute("aria-describedby"));
        Assert.DoesNotContain("POST /orders", Api.Requests);
    }

    [Fact]
    public void A_mistyped_email_is_flagged_when_the_shopper_leaves_the_field_and_cleared_when_fixed()
    {
        var page = Render<Checkout>();
        Assert.Empty(page.FindAll(".field-error")); // nothing shouts before the shopper has typed

        page.Find("#email").Input("ada.example.com");
        page.Find("#email").Blur();
        Assert.Equal("Enter an email address like name@example.com.", page.Find("#email-error").TextContent);

        page.Find("#email").Input("ada@example.com");
        Assert.Empty(page.FindAll("#email-error"));
        Assert.Equal("false", page.Find("#email").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_valid_order_is_placed_once_with_an_idempotency_key_and_opens_the_thank_you_page()
    {
        await Cart.AddAsync("prod-101", 2);
        var page = RenderFilledIn();

        page.Find("form").Submit();

        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        page.WaitForAssertion(() => Assert.Contains("/orders/order-", navigation.Uri), Patience);
        Assert.EndsWith("?placed=Order%20Received", navigation.Uri);
        Assert.Single(Api.Requests, r => r == "POST /orders");
        var key = Assert.Single(Api.IdempotencyKeysSeen);
        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal(0, Cart.Current.ItemCount);
    }

    [Fact]
    public async Task A_double_click_on_place_order_sends_one_request()
    {
        await Cart.AddAsync("prod-101", 1);
        var page = RenderFilledIn();
        var form = page.Find("form");

        // Two submits dispatched before either finishes: the second finds the form busy.
        var first = form.SubmitAsync();
        var second = page.Find("form").SubmitAsync();
        await Task.WhenAll(first, second);

        page.WaitForAssertion(() => Assert.Single(Api.Requests, r => r == "POST /orders"), Patience);
    }

    [Fact]
    public async Task Retrying_after_a_refusal_reuses_the_same_idempotency_key()
    {
        var page = RenderFilledIn(); // empty cart: the API answers 409
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Your cart is empty.", page.Find("[role=alert]").TextContent), Patience);
        Assert.Contains("check it and try again", page.Find("[role=alert]").TextContent);
        Assert.False(page.Find("[data-testid=place-order]").HasAttribute("disabled"));

        await Cart.AddAsync("prod-101", 1);
        page.Find("form").Submit();
        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Contains("/orders/order-", navigation.Uri), Patience);
        Assert.Equal(2, Api.IdempotencyKeysSeen.Count);
        Assert.Single(Api.IdempotencyKeysSeen.Distinct());
    }

    [Fact]
    public async Task The_form_keeps_what_was_typed_when_the_api_is_down()
    {
        await Cart.AddAsync("prod-101", 1);
        var page = RenderFilledIn();
        Api.Unreachable = true;

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("can't reach the shop", page.Find("[role=alert]").TextContent), Patience);
        Assert.Equal("ada@example.com", page.Find("#email").GetAttribute("value"));
        Assert.Equal("Place order", page.Find("[data-testid=place-order]").TextContent.Trim());
    }
}

public class CheckoutFormTests
{
    private static CheckoutForm Valid() => new()
    {
        Email = "ada@example.com", Name = "Ada", Line1 = "1 Row", City = "London", PostalCode = "N1 9GU", Country = "UK",
    };

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("  ada@example.com  ", true)]
    [InlineData("ada@example", false)]
    [InlineData("@example.com", false)]
    [InlineData("ada@@example.com", false)]
    [InlineData("ada@example.com.", false)]
    [InlineData("ada lovelace@example.com", false)]
    [InlineData("ada@.com", false)]
    public void Emails_are_checked_for_a_plausible_shape(string email, bool accepted)
    {
        var form = Valid();
        form.Email = email;
        Assert.Equal(accepted, form.ErrorFor(nameof(CheckoutForm.Email)) is null);
    }

    [Fact]
    public void A_complete_form_has_no_errors_and_sends_trimmed_values()
    {
        var form = Valid();
        form.City = "  London ";
        Assert.Empty(form.Validate());
        Assert.Equal("London", form.ToRequest().Shipping.City);
    }

    [Fact]
    public void Overlong_values_and_odd_postal_codes_are_refused()
    {
        var form = Valid();
        form.Name = new string('a', CheckoutForm.MaxLength + 1);
        form.PostalCode = "N1; DROP";
        var errors = form.Validate();
        Assert.Equal(["Name", "PostalCode"], errors.Keys.Order());
    }
}
