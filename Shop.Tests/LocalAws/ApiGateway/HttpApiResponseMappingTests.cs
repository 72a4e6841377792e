using System.Text;
using Shop.LocalAws.ApiGateway;

namespace Shop.Tests.LocalAws.ApiGateway;

public class HttpApiResponseMappingTests
{
    private static HttpApiEvent.MappedResponse? Map(string payload) => HttpApiEvent.MapResponse(Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void A_structured_answer_maps_status_headers_and_body()
    {
        var mapped = Map("""{"statusCode":404,"headers":{"content-type":"application/json","x-count":3},"body":"{\"error\":1}"}""")!;

        Assert.Equal(404, mapped.StatusCode);
        Assert.Contains(new KeyValuePair<string, string>("x-count", "3"), mapped.Headers);
        Assert.Equal("""{"error":1}""", Encoding.UTF8.GetString(mapped.Body));
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"items\":[]}")]
    public void Valid_json_without_a_statusCode_is_a_200_with_that_body(string payload)
    {
        var mapped = Map(payload)!;

        Assert.Equal(200, mapped.StatusCode);
        Assert.Equal(payload, Encoding.UTF8.GetString(mapped.Body));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"statusCode\":\"two hundred\"}")]
    [InlineData("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"***\"}")]
    public void An_answer_API_Gateway_cannot_map_is_refused(string payload)
    {
        Assert.Null(Map(payload));
    }
}
