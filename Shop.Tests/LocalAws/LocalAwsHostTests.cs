using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task By_default_LocalAws_accepts_connections_with_its_own_event_loop_where_Linux_epoll_is_at_hand()
    {
        var counters = localAws.App.Services.GetRequiredService<Shop.LocalAws.Protocol.JsonFastPathCounters>();
        var accepted = counters.ConnectionsAcceptedByEventLoop;
        using var http = localAws.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/_localaws/health")).StatusCode);
        // The health check is no fast-path request: the loop accepted the connection and Kestrel answered it.
        Assert.Equal(Shop.LocalAws.Transport.EventLoopTransport.IsSupported ? accepted + 1 : accepted, counters.ConnectionsAcceptedByEventLoop);
    }

    [Fact]
    public async Task Ui_index_lists_the_services()
    {
        using var http = localAws.CreateHttpClient();
        var html = await http.GetStringAsync("/_localaws");
        Assert.Contains("<title>Services · LocalAws</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aws_call_is_a_server_span_named_by_rpc_conventions_inside_the_callers_trace()
    {
        using var recorder = new SpanRecorder("Microsoft.AspNetCore");
        var stopped = recorder.Spans;
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDTRACE/20250101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc");
        request.Headers.Add("traceparent", $"00-{caller.TraceId.ToHexString()}-{caller.SpanId.ToHexString()}-01");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Activity? span = null;
        for (var attempt = 0; attempt < 100 && span is null; attempt++)
        {
            span = stopped.FirstOrDefault(a => a.TraceId == caller.TraceId);
            if (span is null)
            {
                await Task.Delay(50); // the span stops after the response is sent
            }
        }
        Assert.NotNull(span);
        Assert.Equal(caller.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("DynamoDB.ListTables", span.DisplayName);
        Assert.Equal("aws-api", span.GetTagItem("rpc.system"));
        Assert.Equal("DynamoDB", span.GetTagItem("rpc.service"));
        Assert.Equal("ListTables", span.GetTagItem("rpc.method"));
        Assert.Equal("eu-west-1", span.GetTagItem("cloud.region"));
        Assert.Equal("AKIDTRACE", span.GetTagItem("aws.access_key_id"));
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
