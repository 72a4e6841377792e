using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shop.LocalAws.ApiGateway;
using Shop.Tests.Infrastructure;
using Shop.Tests.LocalAws.Lambda;

namespace Shop.Tests.LocalAws.ApiGateway;

public sealed class HttpApiFixture : ServerlessFixture
{
    protected override string Template => $$$"""
        Parameters:
          RecordDir: {Type: String}
        Resources:
          EchoFunction:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: api-echo
              Handler: {{{TestAssemblyHandler}}}HttpEchoFunction::Handle
              Runtime: dotnet10
              Timeout: 20
          FailingFunction:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: api-failing
              Handler: {{{TestAssemblyHandler}}}FailingFunction::Handle
              Runtime: dotnet10
              Timeout: 20
          SlowFunction:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: api-slow
              Handler: {{{TestAssemblyHandler}}}SleepingFunction::Handle
              Runtime: dotnet10
              Timeout: 2
          Api:
            Type: AWS::ApiGatewayV2::Api
            Properties: {Name: test-api, ProtocolType: HTTP}
          Stage:
            Type: AWS::ApiGatewayV2::Stage
            Properties: {ApiId: !Ref Api, StageName: $default, AutoDeploy: true}
          EchoIntegration:
            Type: AWS::ApiGatewayV2::Integration
            Properties:
              ApiId: !Ref Api
              IntegrationType: AWS_PROXY
              PayloadFormatVersion: "2.0"
              IntegrationUri: !Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${EchoFunction.Arn}/invocations"
          FailingIntegration:
            Type: AWS::ApiGatewayV2::Integration
            Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, PayloadFormatVersion: "2.0", IntegrationUri: !GetAtt FailingFunction.Arn}
          SlowIntegration:
            Type: AWS::ApiGatewayV2::Integration
            Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, PayloadFormatVersion: "2.0", IntegrationUri: !GetAtt SlowFunction.Arn}
          ItemRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties: {ApiId: !Ref Api, RouteKey: "GET /items/{id}", Target: !Sub "integrations/${EchoIntegration}"}
          PostItemsRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties: {ApiId: !Ref Api, RouteKey: "POST /items", Target: !Sub "integrations/${EchoIntegration}"}
          FilesRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties: {ApiId: !Ref Api, RouteKey: "ANY /files/{proxy+}", Target: !Join ["/", [integrations, !Ref EchoIntegration]]}
          FailRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties: {ApiId: !Ref Api, RouteKey: "GET /fail", Target: !Sub "integrations/${FailingIntegration}"}
          SlowRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties: {ApiId: !Ref Api, RouteKey: "GET /slow", Target: !Sub "integrations/${SlowIntegration}"}
          Distribution:
            Type: AWS::CloudFront::Distribution
            Properties: {DistributionConfig: {Enabled: true}}
        Outputs:
          Url: {Value: !GetAtt Api.ApiEndpoint}
        """;

    public string ApiId => App.Services.GetService(typeof(HttpApiRegistry)) is HttpApiRegistry registry ? registry.List().Single().ApiId : throw new InvalidOperationException();

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        foreach (var function in new[] { "api-echo", "api-failing", "api-slow" })
        {
            Runner(function);
        }
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromMinutes(3);
        request.RequestUri = new Uri($"/_aws/execute-api/{ApiId}{request.RequestUri}", UriKind.Relative);
        return await http.SendAsync(request);
    }
}

public class HttpApiGatewayTests(HttpApiFixture api) : IClassFixture<HttpApiFixture>
{
    [Fact]
    public async Task A_route_with_a_path_variable_gets_a_payload_2_0_event()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/42?color=red&color=blue&size=m");
        request.Headers.Add("X-Custom", ["one", "two"]);
        request.Headers.Add("Cookie", "session=abc; theme=dark");
        request.Headers.UserAgent.ParseAdd("shop-test/1.0");
        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GET /items/{id}", response.Headers.GetValues("x-route").Single());
        Assert.True(response.Headers.Contains("apigw-requestid"));
        var apiEvent = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2.0", apiEvent["version"]!.GetValue<string>());
        Assert.Equal("GET /items/{id}", apiEvent["routeKey"]!.GetValue<string>());
        Assert.Equal("/items/42", apiEvent["rawPath"]!.GetValue<string>());
        Assert.Equal("color=red&color=blue&size=m", apiEvent["rawQueryString"]!.GetValue<string>());
        Assert.Equal("red,blue", apiEvent["queryStringParameters"]!["color"]!.GetValue<string>());
        Assert.Equal("42", apiEvent["pathParameters"]!["id"]!.GetValue<string>());
        Assert.Equal(["session=abc", "theme=dark"], apiEvent["cookies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("one, two", apiEvent["headers"]!["x-custom"]!.GetValue<string>());
        Assert.Null(apiEvent["headers"]!["cookie"]);
        Assert.False(apiEvent["isBase64Encoded"]!.GetValue<bool>());
        Assert.Null(apiEvent["body"]);
        var context = apiEvent["requestContext"]!;
        Assert.Equal("000000000000", context["accountId"]!.GetValue<string>());
        Assert.Equal(api.ApiId, context["apiId"]!.GetValue<string>());
        Assert.Equal("$default", context["stage"]!.GetValue<string>());
        Assert.Equal("GET", context["http"]!["method"]!.GetValue<string>());
        Assert.Equal("/items/42", context["http"]!["path"]!.GetValue<string>());
        Assert.Equal("shop-test/1.0", context["http"]!["userAgent"]!.GetValue<string>());
        Assert.Matches(@"^\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000$", context["time"]!.GetValue<string>());
        Assert.True(context["timeEpoch"]!.GetValue<long>() > 1_600_000_000_000);
    }

    [Fact]
    public async Task The_server_span_is_named_by_method_and_path_template_as_the_dashboard_shows_it()
    {
        using var recorder = new SpanRecorder("Microsoft.AspNetCore");
        var spans = recorder.Spans;
        using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/items/42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // This fixture's API is the only "test-api", and the tests of one class run one at a time.
        var span = Assert.Single(spans, s => s.DisplayName.EndsWith("(test-api)", StringComparison.Ordinal));
        Assert.Equal("GET /items/{id} (test-api)", span.DisplayName);
        Assert.Equal("/items/{id}", span.GetTagItem("http.route"));
    }

    [Theory]
    [InlineData("GET /items/{id}", "/items/{id}")]
    [InlineData("ANY /files/{proxy+}", "/files/{proxy+}")]
    [InlineData("$default", "$default")]
    public void A_route_keys_path_template_is_what_follows_its_method(string routeKey, string path) =>
        Assert.Equal(path, HttpApiGateway.RoutePath(routeKey));

    [Fact]
    public async Task A_text_body_is_passed_as_is_and_a_binary_body_in_base64()
    {
        using var text = new HttpRequestMessage(HttpMethod.Post, "/items") { Content = new StringContent("""{"name":"lamp"}""", Encoding.UTF8, "application/json") };
        var textEvent = JsonNode.Parse(await (await api.SendAsync(text)).Content.ReadAsStringAsync())!;
        Assert.Equal("""{"name":"lamp"}""", textEvent["body"]!.GetValue<string>());
        Assert.False(textEvent["isBase64Encoded"]!.GetValue<bool>());

        using var binary = new HttpRequestMessage(HttpMethod.Post, "/items") { Content = new ByteArrayContent([0, 1, 2, 255]) };
        binary.Content.Headers.ContentType = new("application/octet-stream");
        var binaryEvent = JsonNode.Parse(await (await api.SendAsync(binary)).Content.ReadAsStringAsync())!;
        Assert.Equal(Convert.ToBase64String([0, 1, 2, 255]), binaryEvent["body"]!.GetValue<string>());
        Assert.True(binaryEvent["isBase64Encoded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_greedy_path_variable_takes_the_rest_of_the_path_for_any_method()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/files/a/b/c.txt");
        var apiEvent = JsonNode.Parse(await (await api.SendAsync(request)).Content.ReadAsStringAsync())!;

        Assert.Equal("ANY /files/{proxy+}", apiEvent["routeKey"]!.GetValue<string>());
        Assert.Equal("a/b/c.txt", apiEvent["pathParameters"]!["proxy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/nothing-here")]
    [InlineData("POST", "/items/42")]
    [InlineData("GET", "/files")]
    public async Task A_request_no_route_matches_is_404_Not_Found(string method, string path)
    {
        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_api_id_is_404_Not_Found()
    {
        using var http = api.CreateHttpClient();
        var response = await http.GetAsync("/_aws/execute-api/nosuchapi0/items/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_error_is_502_Internal_Server_Error()
    {
        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/fail"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_timeout_is_502_Internal_Server_Error()
    {
        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/slow?milliseconds=60000"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_10_MB_is_413_Request_Entity_Too_Large()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/items") { Content = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]) };
        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("""{"message":"Request Entity Too Large"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_json_answer_without_statusCode_is_a_200_with_that_body()
    {
        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/items/1?mode=bare"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"hello":"world"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_base64_answer_is_decoded_and_cookies_become_Set_Cookie_headers()
    {
        var binary = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/items/1?mode=binary"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, await binary.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", binary.Content.Headers.ContentType!.MediaType);

        var cookies = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/items/1?mode=cookies"));
        Assert.Equal(HttpStatusCode.Created, cookies.StatusCode);
        Assert.Equal(["a=1; Path=/", "b=2"], cookies.Headers.GetValues("Set-Cookie"));
        Assert.Equal("made", await cookies.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_502()
    {
        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/items/1?mode=unmappable"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public void Provisioning_lists_the_resource_types_it_does_not_emulate()
    {
        Assert.Contains(api.Report.Resources, r => r.LogicalId == "Distribution" && r.Outcome == Shop.LocalAws.Provisioning.ResourceOutcome.NotEmulated);
        Assert.All(api.Report.Resources.Where(r => r.Type.StartsWith("AWS::ApiGatewayV2", StringComparison.Ordinal)),
            r => Assert.Equal(Shop.LocalAws.Provisioning.ResourceOutcome.Registered, r.Outcome));
    }

    [Fact]
    public async Task The_LocalAws_UI_lists_the_functions_and_routes()
    {
        using var http = api.CreateHttpClient();
        var html = await http.GetStringAsync("/_localaws/lambda");

        Assert.Contains("api-echo", html, StringComparison.Ordinal);
        Assert.Contains("GET /items/{id}", html, StringComparison.Ordinal);
        Assert.Contains(api.ApiId, html, StringComparison.Ordinal);
    }
}
