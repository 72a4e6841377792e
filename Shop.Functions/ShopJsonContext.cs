using System.Text.Json.Serialization;
using Shop.Functions.Api;
using Shop.Functions.Catalog;
using Shop.Functions.Orders;
using Shop.Functions.Sqs;

namespace Shop.Functions;

/// <summary>Every JSON shape the functions read or write, generated at compile time (no reflection at cold start).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ApiGatewayHttpRequest))]
[JsonSerializable(typeof(ApiGatewayHttpResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(SessionBody))]
[JsonSerializable(typeof(ProductListBody))]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(Shop.Functions.Carts.CartView))]
[JsonSerializable(typeof(AddToCartBody))]
[JsonSerializable(typeof(PlaceOrderBody))]
[JsonSerializable(typeof(OrderReceivedBody))]
[JsonSerializable(typeof(OrderBody))]
[JsonSerializable(typeof(OrderListBody))]
[JsonSerializable(typeof(TrackEventBody))]
[JsonSerializable(typeof(AcceptedBody))]
[JsonSerializable(typeof(RecommendationBody))]
[JsonSerializable(typeof(OrderMessage))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(CatalogFile))]
[JsonSerializable(typeof(SeedResult))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ShopJsonContext : JsonSerializerContext;
