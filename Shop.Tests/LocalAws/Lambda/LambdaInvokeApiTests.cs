using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Tests.LocalAws.Lambda;

public class LambdaInvokeApiTests(LambdaFunctionsFixture lambda) : IClassFixture<LambdaFunctionsFixture>
{
    [Fact]
    public async Task Invoking_an_unknown_function_is_ResourceNotFoundException()
    {
        using var http = lambda.CreateHttpClient();
        var response = await http.PostAsync("/2015-03-31/functions/no-such-function/invocations", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_function_is_found_only_from_the_region_it_was_provisioned_in()
    {
        using var http = lambda.CreateHttpClient();
        HttpRequestMessage SignedFor(string region, HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential=test/20261206/{region}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
            return request;
        }

        var invoked = await http.SendAsync(SignedFor("eu-west-1", HttpMethod.Post, "/2015-03-31/functions/test-echo/invocations"));
        var described = await http.SendAsync(SignedFor("eu-west-1", HttpMethod.Get, "/2015-03-31/functions/test-echo/configuration"));
        var listed = JsonNode.Parse(await (await http.SendAsync(SignedFor("eu-west-1", HttpMethod.Get, "/2015-03-31/functions"))).Content.ReadAsStringAsync())!;
        var listedHome = JsonNode.Parse(await (await http.SendAsync(SignedFor("us-east-1", HttpMethod.Get, "/2015-03-31/functions"))).Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, invoked.StatusCode);
        Assert.Equal("Function not found: arn:aws:lambda:eu-west-1:000000000000:function:test-echo",
            JsonNode.Parse(await invoked.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, described.StatusCode);
        Assert.Empty(listed["Functions"]!.AsArray());
        Assert.Contains(listedHome["Functions"]!.AsArray(), f => f!["FunctionName"]!.GetValue<string>() == "test-echo");
    }

    [Fact]
    public async Task An_Event_invocation_is_accepted_with_202_and_runs_later()
    {
        var runner = lambda.Runner("test-echo");
        var response = await lambda.InvokeAsync("test-echo", """{"async":true}""", "Event");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        await runner.WaitForLineAsync(l => l.Contains($"END RequestId: {requestId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_DryRun_invocation_answers_204_without_running()
    {
        var response = await lambda.InvokeAsync("test-echo", "{}", "DryRun");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_payload_that_is_not_json_is_InvalidRequestContentException()
    {
        var response = await lambda.InvokeAsync("test-echo", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestContentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task A_payload_over_6_MB_is_RequestTooLargeException()
    {
        var payload = "\"" + new string('x', 6 * 1024 * 1024) + "\"";
        var response = await lambda.InvokeAsync("test-echo", payload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestTooLargeException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task GetFunctionConfiguration_describes_the_function_from_the_template()
    {
        using var http = lambda.CreateHttpClient();
        var configuration = JsonNode.Parse(await http.GetStringAsync("/2015-03-31/functions/test-echo/configuration"))!;

        Assert.Equal("test-echo", configuration["FunctionName"]!.GetValue<string>());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:test-echo", configuration["FunctionArn"]!.GetValue<string>());
        Assert.Equal(256, configuration["MemorySize"]!.GetValue<int>());
        Assert.Equal(20, configuration["Timeout"]!.GetValue<int>());
        Assert.Equal("dotnet10", configuration["Runtime"]!.GetValue<string>());
        Assert.Equal("hello from us-east-1", configuration["Environment"]!["Variables"]!["GREETING"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetFunction_tells_the_reserved_concurrency_only_of_a_function_that_has_one()
    {
        using var http = lambda.CreateHttpClient();
        var limited = JsonNode.Parse(await http.GetStringAsync("/2015-03-31/functions/test-one-at-a-time"))!;
        var unlimited = JsonNode.Parse(await http.GetStringAsync("/2015-03-31/functions/test-echo"))!;

        Assert.Equal("test-one-at-a-time", limited["Configuration"]!["FunctionName"]!.GetValue<string>());
        Assert.Equal(1, limited["Concurrency"]!["ReservedConcurrentExecutions"]!.GetValue<int>());
        Assert.Null(unlimited["Concurrency"]);
        Assert.Null(limited["Configuration"]!["ReservedConcurrentExecutions"]);
    }

    [Fact]
    public async Task ListFunctions_lists_every_function_of_the_template()
    {
        using var http = lambda.CreateHttpClient();
        var list = JsonNode.Parse(await http.GetStringAsync("/2015-03-31/functions/"))!;

        var names = list["Functions"]!.AsArray().Select(f => f!["FunctionName"]!.GetValue<string>()).ToList();
        Assert.Equal(["test-broken-init", "test-echo", "test-failing", "test-missing-type", "test-one-at-a-time", "test-rendezvous", "test-sleeping"], names);
    }

    [Fact]
    public async Task An_unknown_Lambda_operation_is_UnknownOperationException()
    {
        using var http = lambda.CreateHttpClient();
        var response = await http.PutAsync("/2015-03-31/functions/test-echo/concurrency", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task The_Runtime_API_refuses_a_response_for_an_unknown_request_id()
    {
        using var http = lambda.CreateHttpClient();
        var response = await http.PostAsync("/_lambda/test-echo/2018-06-01/runtime/invocation/no-such-id/response", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("InvalidRequestID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
