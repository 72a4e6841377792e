using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Web.Services;

/// <summary>Source-generated JSON for every API record: no reflection, so the trimmer can drop it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(GuestSession))]
[JsonSerializable(typeof(ProductPage))]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(Cart))]
[JsonSerializable(typeof(AddToCartRequest))]
[JsonSerializable(typeof(PlaceOrderRequest))]
[JsonSerializable(typeof(OrderReceipt))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(OrderList))]
[JsonSerializable(typeof(ProductViewEvent))]
[JsonSerializable(typeof(Recommendations))]
[JsonSerializable(typeof(ApiErrorBody))]
internal sealed partial class ShopJsonContext : JsonSerializerContext;
