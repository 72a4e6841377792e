using System.Buffers;
using System.Text;
using Shop.LocalAws.Protocol;
using Outcome = Shop.LocalAws.Protocol.FastPathRequestHead.Outcome;

namespace Shop.Tests.LocalAws;

public class FastPathRequestHeadTests
{
    private static readonly byte[][] DynamoDb = ["DynamoDB_20120810."u8.ToArray()];

    private const string SdkHead =
        "POST / HTTP/1.1\r\n" +
        "Host: localhost:4566\r\n" +
        "X-Amz-Target: DynamoDB_20120810.GetItem\r\n" +
        "Content-Type: application/x-amz-json-1.0\r\n" +
        "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261202/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc\r\n" +
        "amz-sdk-invocation-id: 5c1e\r\n" +
        "Content-Length: 2\r\n" +
        "\r\n";

    private static Outcome Read(string text, out FastPathRequestHead head) =>
        FastPathRequestHead.TryRead(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), DynamoDb, out head);

    [Fact]
    public void The_request_an_AWS_SDK_sends_is_taken_with_what_the_service_needs()
    {
        Assert.Equal(Outcome.Take, Read(SdkHead + "{}", out var head));
        Assert.Equal(SdkHead.Length, head.HeadLength);
        Assert.Equal(2, head.ContentLength);
        Assert.Equal(0, head.Service);
        Assert.Equal("DynamoDB_20120810.GetItem", head.Target);
        Assert.Equal("application/x-amz-json-1.0", head.ContentType);
        Assert.Equal("localhost:4566", head.Host);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID/", head.Authorization, StringComparison.Ordinal);
        Assert.False(head.CloseConnection);
    }

    [Fact]
    public void Header_names_are_case_insensitive_and_values_lose_surrounding_white_space()
    {
        var text = SdkHead.Replace("X-Amz-Target: ", "x-amz-target:\t ", StringComparison.Ordinal).Replace("Content-Length: 2", "CONTENT-LENGTH: 2  ", StringComparison.Ordinal);
        Assert.Equal(Outcome.Take, Read(text, out var head));
        Assert.Equal("DynamoDB_20120810.GetItem", head.Target);
        Assert.Equal(2, head.ContentLength);
    }

    [Theory]
    [InlineData("Connection: close", true)]
    [InlineData("Connection: keep-alive", false)]
    [InlineData("Connection: Keep-Alive, close", true)]
    public void Connection_close_is_honoured(string header, bool close)
    {
        Assert.Equal(Outcome.Take, Read(SdkHead.Replace("\r\n\r\n", "\r\n" + header + "\r\n\r\n", StringComparison.Ordinal), out var head));
        Assert.Equal(close, head.CloseConnection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("POST / HTTP/1.1\r\nHost: localhost")]
    public void An_incomplete_head_needs_more_data(string text) =>
        Assert.Equal(Outcome.NeedMoreData, Read(text, out _));

    public static TheoryData<string, string> Unusual => new()
    {
        { "HTTP/1.0", SdkHead.Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal) },
        { "another path", SdkHead.Replace("POST / ", "POST /x ", StringComparison.Ordinal) },
        { "a query", SdkHead.Replace("POST / ", "POST /?a=1 ", StringComparison.Ordinal) },
        { "another method", SdkHead.Replace("POST / ", "PUT / ", StringComparison.Ordinal) },
        { "a chunked body", SdkHead.Replace("Content-Length: 2", "Transfer-Encoding: chunked", StringComparison.Ordinal) },
        { "chunked and a length", SdkHead.Replace("\r\n\r\n", "\r\nTransfer-Encoding: chunked\r\n\r\n", StringComparison.Ordinal) },
        { "Expect: 100-continue", SdkHead.Replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n", StringComparison.Ordinal) },
        { "an upgrade", SdkHead.Replace("\r\n\r\n", "\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n", StringComparison.Ordinal) },
        { "no length", SdkHead.Replace("Content-Length: 2\r\n", "", StringComparison.Ordinal) },
        { "two lengths", SdkHead.Replace("\r\n\r\n", "\r\nContent-Length: 2\r\n\r\n", StringComparison.Ordinal) },
        { "a signed length", SdkHead.Replace("Content-Length: 2", "Content-Length: +2", StringComparison.Ordinal) },
        { "no host", SdkHead.Replace("Host: localhost:4566\r\n", "", StringComparison.Ordinal) },
        { "two hosts", SdkHead.Replace("\r\n\r\n", "\r\nHost: other\r\n\r\n", StringComparison.Ordinal) },
        { "a host with a path", SdkHead.Replace("Host: localhost:4566", "Host: localhost/x", StringComparison.Ordinal) },
        { "an IPv6 host", SdkHead.Replace("Host: localhost:4566", "Host: [::1]:4566", StringComparison.Ordinal) },
        { "another service's target", SdkHead.Replace("DynamoDB_20120810.GetItem", "AmazonSQS.SendMessage", StringComparison.Ordinal) },
        { "a target without an operation", SdkHead.Replace("DynamoDB_20120810.GetItem", "DynamoDB_20120810.", StringComparison.Ordinal) },
        { "two targets", SdkHead.Replace("\r\n\r\n", "\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n\r\n", StringComparison.Ordinal) },
        { "no target", SdkHead.Replace("X-Amz-Target: DynamoDB_20120810.GetItem\r\n", "", StringComparison.Ordinal) },
        { "a folded header", SdkHead.Replace("\r\n\r\n", "\r\nX-Note: a\r\n b\r\n\r\n", StringComparison.Ordinal) },
        { "space before the colon", SdkHead.Replace("Host: ", "Host : ", StringComparison.Ordinal) },
        { "a line without a colon", SdkHead.Replace("\r\n\r\n", "\r\nnonsense\r\n\r\n", StringComparison.Ordinal) },
        { "a control character", SdkHead.Replace("5c1e", "5c\u00011e", StringComparison.Ordinal) },
        { "a bare line feed", SdkHead.Replace("5c1e", "5c\n1e", StringComparison.Ordinal) },
        { "non-ASCII", SdkHead.Replace("5c1e", "5c\u00e91e", StringComparison.Ordinal) },
        { "a head longer than Kestrel allows", SdkHead.Replace("\r\n\r\n", "\r\nX-Long: " + new string('a', FastPathRequestHead.MaxHeadBytes) + "\r\n\r\n", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Unusual))]
    public void Anything_but_the_plain_SDK_shape_is_left_to_Kestrel(string what, string text)
    {
        Assert.True(Read(text + "{}", out _) == Outcome.LeaveToKestrel, what);
    }

    [Fact]
    public void A_head_that_never_ends_is_left_to_Kestrel_once_it_is_longer_than_Kestrel_allows()
    {
        Assert.Equal(Outcome.NeedMoreData, Read("POST / HTTP/1.1\r\nX-Long: " + new string('a', 1000), out _));
        Assert.Equal(Outcome.LeaveToKestrel, Read("POST / HTTP/1.1\r\nX-Long: " + new string('a', FastPathRequestHead.MaxHeadBytes), out _));
    }

    [Fact]
    public void A_head_split_across_buffer_segments_reads_the_same()
    {
        var bytes = Encoding.ASCII.GetBytes(SdkHead + "{}");
        var first = new Segment(bytes.AsMemory(0, 40));
        var last = first.Append(bytes.AsMemory(40));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.Equal(Outcome.Take, FastPathRequestHead.TryRead(sequence, DynamoDb, out var head));
        Assert.Equal("DynamoDB_20120810.GetItem", head.Target);
        Assert.Equal(SdkHead.Length, head.HeadLength);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
