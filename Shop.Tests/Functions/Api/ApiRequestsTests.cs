using System.Text;
using Shop.Functions;
using Shop.Functions.Api;

namespace Shop.Tests.Functions.Api;

public class ApiRequestsTests
{
    private static ApiGatewayHttpRequest WithBody(string? body, bool base64 = false) => new() { Body = body, IsBase64Encoded = base64 };

    [Fact]
    public void A_json_body_is_read()
    {
        var body = WithBody("""{"productId":"p-1","quantity":2}""").ReadJson(ShopJsonContext.Default.AddToCartBody);

        Assert.Equal(("p-1", 2), (body.ProductId, body.Quantity));
    }

    [Fact]
    public void A_base64_body_is_decoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"productId":"p-1"}"""));

        Assert.Equal("p-1", WithBody(encoded, base64: true).ReadJson(ShopJsonContext.Default.AddToCartBody).ProductId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"quantity":"two"}""")]
    [InlineData("""{"quantity":1.5}""")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("")]
    public void An_unreadable_body_is_malformed(string body)
    {
        var error = Assert.Throws<ShopException>(() => WithBody(body).ReadJson(ShopJsonContext.Default.AddToCartBody));

        Assert.Equal(ShopErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public void A_body_over_the_limit_is_too_large()
    {
        var body = "{\"productId\":\"" + new string('x', ApiRequests.MaxBodyBytes) + "\"}";

        var error = Assert.Throws<ShopException>(() => WithBody(body).ReadJson(ShopJsonContext.Default.AddToCartBody));

        Assert.Equal((ShopErrorKind.PayloadTooLarge, 413), (error.Kind, ApiResponses.StatusOf(error.Kind)));
    }

    [Fact]
    public void Headers_are_found_whatever_their_case()
    {
        var request = new ApiGatewayHttpRequest { Headers = new Dictionary<string, string> { ["Idempotency-Key"] = "k" } };

        Assert.Equal("k", request.Header("idempotency-key"));
    }

    [Fact]
    public void Errors_have_the_documented_shape()
    {
        var response = ApiResponses.Error(new ShopException(ShopErrorKind.Conflict, "cart_empty", "The cart is empty."));

        Assert.Equal(409, response.StatusCode);
        Assert.Equal("""{"error":{"code":"cart_empty","message":"The cart is empty."}}""", response.Body);
    }
}
