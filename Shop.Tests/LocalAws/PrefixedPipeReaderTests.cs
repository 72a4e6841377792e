using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using CsCheck;
using Shop.LocalAws.Transport;

namespace Shop.Tests.LocalAws;

/// <summary>
/// The reader a connection the event loop hands to Kestrel reads through: the bytes the loop had read, then the
/// socket's pipe. Kestrel's HTTP parser consumes and examines in any pattern, so each read must be exactly the bytes
/// not yet consumed, in order, and wait for the socket only when everything has been examined.
/// </summary>
public class PrefixedPipeReaderTests
{
    private static string Text(ReadOnlySequence<byte> buffer) => Encoding.ASCII.GetString(buffer);

    [Fact]
    public async Task The_prefix_comes_first_then_the_socket_reads_pass_straight_through()
    {
        var socket = new Pipe();
        var reader = new PrefixedPipeReader("GET / HTTP/1.1\r\n"u8.ToArray(), socket.Reader);

        var first = await reader.ReadAsync();
        Assert.Equal("GET / HTTP/1.1\r\n", Text(first.Buffer));
        Assert.False(first.IsCompleted);
        reader.AdvanceTo(first.Buffer.End);

        await socket.Writer.WriteAsync("Host: x\r\n\r\n"u8.ToArray());
        var second = await reader.ReadAsync();
        Assert.Equal("Host: x\r\n\r\n", Text(second.Buffer));
        reader.AdvanceTo(second.Buffer.End);
    }

    [Fact]
    public async Task A_prefix_examined_to_its_end_but_not_consumed_waits_for_the_socket_and_is_joined_to_what_comes()
    {
        var socket = new Pipe();
        var reader = new PrefixedPipeReader("GET / HT"u8.ToArray(), socket.Reader);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        var waiting = reader.ReadAsync();
        Assert.False(waiting.IsCompleted);
        await socket.Writer.WriteAsync("TP/1.1\r\n"u8.ToArray());
        var joined = await waiting;
        Assert.Equal("GET / HTTP/1.1\r\n", Text(joined.Buffer));
        reader.AdvanceTo(joined.Buffer.GetPosition(4), joined.Buffer.End);

        await socket.Writer.WriteAsync("Host"u8.ToArray());
        var next = await reader.ReadAsync();
        Assert.Equal("/ HTTP/1.1\r\nHost", Text(next.Buffer));
    }

    [Fact]
    public async Task A_prefix_not_examined_to_its_end_is_returned_again_without_waiting()
    {
        var socket = new Pipe();
        var reader = new PrefixedPipeReader("abcdef"u8.ToArray(), socket.Reader);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.GetPosition(4));

        Assert.True(reader.TryRead(out var again));
        Assert.Equal("cdef", Text(again.Buffer));
        reader.AdvanceTo(again.Buffer.Start, again.Buffer.End);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public async Task A_socket_that_ends_behind_the_prefix_reports_its_end_with_the_prefix()
    {
        var socket = new Pipe();
        var reader = new PrefixedPipeReader("half a request"u8.ToArray(), socket.Reader);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);
        await socket.Writer.CompleteAsync();

        var last = await reader.ReadAsync();
        Assert.True(last.IsCompleted);
        Assert.Equal("half a request", Text(last.Buffer));
        reader.AdvanceTo(last.Buffer.End);
        Assert.True((await reader.ReadAsync()).IsCompleted);
    }

    [Fact]
    public async Task A_read_waiting_behind_the_prefix_is_cancelled_and_the_reader_goes_on()
    {
        var socket = new Pipe();
        var reader = new PrefixedPipeReader("POST"u8.ToArray(), socket.Reader);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        var waiting = reader.ReadAsync();
        reader.CancelPendingRead();
        var cancelled = await waiting;
        Assert.True(cancelled.IsCanceled);
        Assert.Equal("POST", Text(cancelled.Buffer));
        reader.AdvanceTo(cancelled.Buffer.Start, cancelled.Buffer.End);

        await socket.Writer.WriteAsync(" /"u8.ToArray());
        var next = await reader.ReadAsync();
        Assert.False(next.IsCanceled);
        Assert.Equal("POST /", Text(next.Buffer));
    }

    [Fact]
    public async Task Completing_the_reader_completes_the_socket_pipe()
    {
        var socket = new Pipe();
        var reader = new PrefixedPipeReader("abc"u8.ToArray(), socket.Reader);
        await reader.CompleteAsync();
        Assert.True((await socket.Writer.WriteAsync("x"u8.ToArray())).IsCompleted);
    }

    [Fact]
    public async Task Whatever_a_reader_consumes_and_examines_it_reads_the_bytes_in_order_once()
    {
        // A message, how much of it the loop had read, how the socket delivers the rest, and a consumer's choices.
        var cases = Gen.Select(Gen.Byte.Array[1, 300], Gen.Int[1, 300], Gen.Int[1, 40], Gen.Int.Array[1, 200]);
        await cases.SampleAsync(async sample =>
        {
            var (message, prefixLength, chunk, choices) = sample;
            prefixLength = Math.Min(prefixLength, message.Length);
            var socket = new Pipe();
            for (var at = prefixLength; at < message.Length; at += chunk)
            {
                await socket.Writer.WriteAsync(message.AsMemory(at, Math.Min(chunk, message.Length - at)));
            }
            await socket.Writer.CompleteAsync();
            var reader = new PrefixedPipeReader(message.AsMemory(0, prefixLength), socket.Reader);

            var consumed = 0;
            for (var step = 0; step < 10_000; step++)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                Assert.Equal(message.AsSpan(consumed, (int)buffer.Length), buffer.ToArray().AsSpan());
                if (result.IsCompleted)
                {
                    Assert.Equal(message.Length, consumed + buffer.Length);
                    if (buffer.IsEmpty || step >= choices.Length)
                    {
                        reader.AdvanceTo(buffer.End);
                        return;
                    }
                }
                var choice = Math.Abs(choices[step % choices.Length] % 1000);
                var take = (int)(choice % (buffer.Length + 1));
                // Either it looked at everything (and needs more unless it took it all) or only as far as it took;
                // a reader that takes nothing has looked at everything, else it would ask for the same bytes forever.
                var examined = choice % 2 == 0 || take == 0 || result.IsCompleted ? buffer.End : buffer.GetPosition(take);
                reader.AdvanceTo(buffer.GetPosition(take), examined);
                consumed += take;
            }
            Assert.Fail("The reader never reported the message's end.");
        }, iter: 300);
    }
}
