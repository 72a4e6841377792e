using System.Buffers;
using System.IO.Pipelines;

namespace Shop.LocalAws.Transport;

/// <summary>
/// A connection's input with bytes that were read before it existed in front: what the <see cref="EventLoop"/> had
/// read of a request it hands to Kestrel, then the socket connection's own pipe. The prefix is served from its array;
/// once Kestrel has consumed it every call goes straight to the socket's pipe, so a handed-off connection reads as
/// cheaply as one Kestrel accepted itself. Only while Kestrel has examined all of a prefix it could not consume (a
/// request head or body cut short) are the socket's next bytes copied behind what is left of it.
/// </summary>
internal sealed class PrefixedPipeReader(ReadOnlyMemory<byte> prefix, PipeReader socket) : PipeReader
{
    // Unconsumed prefix bytes; empty from the moment Kestrel has consumed them all, and for good.
    private ReadOnlyMemory<byte> _prefix = prefix;

    // Whether the last read's buffer was examined to its end: then the next read waits for the socket.
    private bool _prefixExamined;

    // The buffer the last read returned from the prefix, against which AdvanceTo's positions are measured.
    private ReadOnlySequence<byte> _returned;

    // Whether the socket's pipe has reported its end while the prefix was still being served.
    private bool _socketCompleted;

    private bool ServesPrefix => !_prefix.IsEmpty;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!ServesPrefix)
        {
            return socket.ReadAsync(cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return _prefixExamined && !_socketCompleted ? ReadBehindPrefixAsync(cancellationToken) : new(ReturnPrefix(isCanceled: false));
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!ServesPrefix)
        {
            return socket.TryRead(out result);
        }
        if (!_prefixExamined || _socketCompleted)
        {
            result = ReturnPrefix(isCanceled: false);
            return true;
        }
        if (!socket.TryRead(out var more))
        {
            result = default;
            return false;
        }
        result = Append(more);
        return true;
    }

    private async ValueTask<ReadResult> ReadBehindPrefixAsync(CancellationToken cancellationToken) => Append(await socket.ReadAsync(cancellationToken));

    /// <summary>Moves what the socket delivered behind the rest of the prefix, and returns the two as one buffer.</summary>
    private ReadResult Append(ReadResult fromSocket)
    {
        var more = fromSocket.Buffer;
        if (more.Length > 0)
        {
            var joined = new byte[_prefix.Length + more.Length];
            _prefix.Span.CopyTo(joined);
            more.CopyTo(joined.AsSpan(_prefix.Length));
            _prefix = joined;
        }
        socket.AdvanceTo(more.End);
        _socketCompleted = fromSocket.IsCompleted;
        return ReturnPrefix(fromSocket.IsCanceled);
    }

    private ReadResult ReturnPrefix(bool isCanceled)
    {
        _returned = new ReadOnlySequence<byte>(_prefix);
        return new ReadResult(_returned, isCanceled, _socketCompleted);
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!ServesPrefix)
        {
            socket.AdvanceTo(consumed, examined);
            return;
        }
        var consumedBytes = (int)_returned.Slice(_returned.Start, consumed).Length;
        var examinedBytes = (int)_returned.Slice(_returned.Start, examined).Length;
        _prefixExamined = examinedBytes == _returned.Length;
        _prefix = _prefix[consumedBytes..];
        _returned = default;
    }

    /// <summary>
    /// Always the socket pipe's: a cancellation asked for while the prefix is being served reaches the next read of the
    /// socket, and one asked for while that read waits ends it, so none is lost and none is made up.
    /// </summary>
    public override void CancelPendingRead() => socket.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        _prefix = default;
        socket.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        _prefix = default;
        return socket.CompleteAsync(exception);
    }
}
