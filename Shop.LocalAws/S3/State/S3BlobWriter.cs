namespace Shop.LocalAws.S3.State;

/// <summary>Receives a body as it streams in and becomes an <see cref="S3Blob"/>; disposed without completing, it leaves nothing behind.</summary>
public abstract class S3BlobWriter : IAsyncDisposable
{
    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    public abstract ValueTask<S3Blob> CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>Writes into one array sized from the declared length when known, so a body is copied once.</summary>
internal sealed class MemoryBlobWriter(long? expectedLength) : S3BlobWriter
{
    private byte[] _buffer = expectedLength is > 0 and <= 0x7FFFFFC7 ? new byte[expectedLength.Value] : [];
    private int _length;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_length + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(_length + (long)data.Length, Math.Max(256, _buffer.Length * 2L))));
        }
        data.Span.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<S3Blob> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_length != _buffer.Length)
        {
            Array.Resize(ref _buffer, _length);
        }
        return ValueTask.FromResult<S3Blob>(new MemoryBlob(_buffer));
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Writes a file under the data directory and flushes it before the object is acknowledged.</summary>
internal sealed class FileBlobWriter(string path) : S3BlobWriter
{
    private readonly FileStream _stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
    private bool _completed;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => _stream.WriteAsync(data, cancellationToken);

    public override async ValueTask<S3Blob> CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken);
        var length = _stream.Length;
        await _stream.DisposeAsync();
        _completed = true;
        return new FileBlob(path, length);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        if (!_completed)
        {
            File.Delete(path);
        }
    }
}
