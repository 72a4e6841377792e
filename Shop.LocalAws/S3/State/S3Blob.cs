namespace Shop.LocalAws.S3.State;

/// <summary>The immutable bytes of an object or part: in memory, or a file under the data directory.</summary>
public abstract class S3Blob
{
    public abstract long Length { get; }

    /// <summary>Writes <paramref name="count"/> bytes from <paramref name="offset"/> to the response without buffering the object.</summary>
    public abstract Task WriteToAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken);

    public abstract Stream OpenRead();

    /// <summary>Releases the storage once no object refers to the blob any more (deletes the file).</summary>
    public abstract void Release();
}

/// <summary>Bytes held in memory (no data directory). Shared by copies, since it never changes.</summary>
public sealed class MemoryBlob(byte[] bytes) : S3Blob
{
    public byte[] Bytes { get; } = bytes;

    public override long Length => Bytes.Length;

    public override Task WriteToAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken) =>
        response.Body.WriteAsync(Bytes.AsMemory((int)offset, (int)count), cancellationToken).AsTask();

    public override Stream OpenRead() => new MemoryStream(Bytes, writable: false);

    public override void Release()
    {
    }
}

/// <summary>Bytes in a file under <c>{data-dir}/s3/blobs</c>, so large objects do not bloat the journal or the heap.</summary>
public sealed class FileBlob(string path, long length) : S3Blob
{
    public string Path { get; } = path;

    public override long Length { get; } = length;

    public override Task WriteToAsync(HttpResponse response, long offset, long count, CancellationToken cancellationToken) =>
        response.SendFileAsync(Path, offset, count, cancellationToken);

    public override Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);

    public override void Release()
    {
        // A reader that already opened the file keeps it readable (POSIX unlink semantics).
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
