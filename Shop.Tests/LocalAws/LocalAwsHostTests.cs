using System.Net;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws;

public class LocalAwsHostTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task Health_endpoint_answers_healthy()
    {
        using var http = localAws.CreateHttpClient();
        var response = await http.GetAsync("/_localaws/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ui_index_lists_the_services()
    {
        using var http = localAws.CreateHttpClient();
        var html = await http.GetStringAsync("/_localaws");
        Assert.Contains("<title>Services · LocalAws</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_no_service_claims_is_an_unknown_operation()
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UnknownOperationException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
