using System.Diagnostics;
using Shop.LocalAws.Lambda;

namespace Shop.Tests.LocalAws.Lambda;

public class LambdaTraceHeaderTests
{
    [Fact]
    public void A_w3c_trace_context_survives_the_xray_header_round_trip()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        var header = LambdaTraceHeader.Format(context);
        Assert.True(LambdaTraceHeader.TryParse(header, out var parsed));

        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$", header);
        Assert.Equal(context.TraceId, parsed.Value.TraceId);
        Assert.Equal(context.SpanId, parsed.Value.SpanId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279z;Parent=53995c3f42cd8ad8;Sampled=1")]
    public void A_header_without_a_valid_root_and_parent_is_not_a_trace(string header)
    {
        Assert.False(LambdaTraceHeader.TryParse(header, out _));
    }
}
