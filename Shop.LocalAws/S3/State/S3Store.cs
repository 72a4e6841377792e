using System.Collections.Concurrent;
using System.Text.Json;
using Shop.LocalAws.Persistence;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.State;

/// <summary>
/// All buckets of the emulated account. Without a data directory everything lives in memory; with one, object bodies
/// are files under <c>{data-dir}/s3-blobs</c> and every acknowledged change is journaled (<see cref="DurableJournal"/>)
/// before the response is sent, then replayed and compacted on start.
/// </summary>
public sealed class S3Store : IDisposable
{
    private readonly ConcurrentDictionary<string, S3Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _bucketGate = new();
    private readonly DurableJournal? _journal;
    private readonly string? _blobDirectory;

    public S3Store(LocalAwsOptions options)
    {
        _journal = DurableJournal.Open(options.DataDirectory, "s3");
        if (_journal is not null)
        {
            _blobDirectory = Path.Combine(options.DataDirectory!, "s3-blobs");
            Directory.CreateDirectory(_blobDirectory);
            Replay();
        }
    }

    public IReadOnlyList<S3Bucket> Buckets => [.. _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal)];

    public S3Bucket? FindBucket(string name) => _buckets.GetValueOrDefault(name);

    public S3Bucket GetBucket(string name) => FindBucket(name) ?? throw S3Errors.NoSuchBucket(name);

    /// <summary>Creates a bucket; returns the existing one (and false) when the name is taken.</summary>
    public (S3Bucket Bucket, bool Created) CreateBucket(string name, string region, DateTimeOffset now)
    {
        lock (_bucketGate)
        {
            if (_buckets.TryGetValue(name, out var existing))
            {
                return (existing, false);
            }
            var bucket = new S3Bucket(name, region, now);
            Journal(new S3JournalRecord { Op = "CreateBucket", Bucket = name, Region = region, Time = now });
            _buckets[name] = bucket;
            return (bucket, true);
        }
    }

    public void DeleteBucket(string name)
    {
        lock (_bucketGate)
        {
            var bucket = GetBucket(name);
            lock (bucket.Gate)
            {
                if (bucket.Count > 0)
                {
                    throw S3Errors.BucketNotEmpty(name);
                }
                Journal(new S3JournalRecord { Op = "DeleteBucket", Bucket = name });
                bucket.IsDeleted = true;
                _buckets.TryRemove(name, out _);
            }
            foreach (var upload in bucket.Uploads.Values)
            {
                ReleaseParts(upload);
            }
        }
    }

    /// <summary>Stores an object (replacing any with the same key) once its body is complete; the response follows.</summary>
    /// <param name="precondition">Checked against the current object under the bucket's lock; an error it returns fails the write.</param>
    public void PutObject(S3Bucket bucket, S3Object value, Func<S3Object?, S3Exception?>? precondition = null)
    {
        S3Object? previous;
        lock (bucket.Gate)
        {
            var error = bucket.IsDeleted ? S3Errors.NoSuchBucket(bucket.Name) : precondition?.Invoke(bucket.Find(value.Key));
            if (error is not null)
            {
                value.Body.Release();
                throw error;
            }
            if (_journal is not null)
            {
                Journal(new S3JournalRecord { Op = "PutObject", Bucket = bucket.Name, Object = S3ObjectRecord.From(value) });
            }
            previous = bucket.SetLocked(value);
        }
        if (previous is not null && !ReferenceEquals(previous.Body, value.Body))
        {
            previous.Body.Release();
        }
    }

    /// <summary>Deletes an object; true when one existed.</summary>
    public bool DeleteObject(S3Bucket bucket, string key)
    {
        S3Object? previous;
        lock (bucket.Gate)
        {
            previous = bucket.RemoveLocked(key);
            if (previous is null)
            {
                return false;
            }
            Journal(new S3JournalRecord { Op = "DeleteObject", Bucket = bucket.Name, Key = key });
        }
        previous.Body.Release();
        return true;
    }

    /// <summary>A writer for a new body: a file under the data directory, or memory.</summary>
    public S3BlobWriter CreateBlobWriter(long? expectedLength) =>
        _blobDirectory is null
            ? new MemoryBlobWriter(expectedLength)
            : new FileBlobWriter(Path.Combine(_blobDirectory, Guid.NewGuid().ToString("N")));

    /// <summary>A copy of a blob for a new object: memory blobs are shared (immutable), files are copied.</summary>
    public S3Blob Duplicate(S3Blob blob)
    {
        if (blob is not FileBlob file || _blobDirectory is null)
        {
            return blob;
        }
        var path = Path.Combine(_blobDirectory, Guid.NewGuid().ToString("N"));
        File.Copy(file.Path, path);
        return new FileBlob(path, file.Length);
    }

    public static void ReleaseParts(S3MultipartUpload upload)
    {
        foreach (var part in upload.Parts.Values)
        {
            part.Body.Release();
        }
    }

    public void Dispose() => _journal?.Dispose();

    private void Journal(S3JournalRecord record)
    {
        _journal?.Append(JsonSerializer.Serialize(record, S3JournalRecord.JsonOptions));
    }

    private void Replay()
    {
        foreach (var line in _journal!.Replay())
        {
            var record = JsonSerializer.Deserialize<S3JournalRecord>(line, S3JournalRecord.JsonOptions)!;
            switch (record.Op)
            {
                case "CreateBucket":
                    _buckets[record.Bucket] = new S3Bucket(record.Bucket, record.Region!, record.Time!.Value);
                    break;
                case "DeleteBucket":
                    _buckets.TryRemove(record.Bucket, out _);
                    break;
                case "PutObject" when _buckets.TryGetValue(record.Bucket, out var bucket):
                    lock (bucket.Gate)
                    {
                        bucket.SetLocked(record.Object!.ToObject(_blobDirectory!));
                    }
                    break;
                case "DeleteObject" when _buckets.TryGetValue(record.Bucket, out var bucket):
                    lock (bucket.Gate)
                    {
                        bucket.RemoveLocked(record.Key!);
                    }
                    break;
            }
        }

        // Compact: one record per live bucket and object, and drop body files nothing refers to (replaced or deleted
        // objects, parts of uploads that never completed, a body whose request failed mid-way).
        var records = new List<string>();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bucket in _buckets.Values)
        {
            records.Add(JsonSerializer.Serialize(new S3JournalRecord { Op = "CreateBucket", Bucket = bucket.Name, Region = bucket.Region, Time = bucket.CreationDate }, S3JournalRecord.JsonOptions));
            foreach (var value in bucket.Snapshot())
            {
                records.Add(JsonSerializer.Serialize(new S3JournalRecord { Op = "PutObject", Bucket = bucket.Name, Object = S3ObjectRecord.From(value) }, S3JournalRecord.JsonOptions));
                live.Add(((FileBlob)value.Body).Path);
            }
        }
        _journal.Rewrite(records);
        foreach (var file in Directory.EnumerateFiles(_blobDirectory!))
        {
            if (!live.Contains(file))
            {
                File.Delete(file);
            }
        }
    }
}

/// <summary>One line of the S3 journal.</summary>
internal sealed record S3JournalRecord
{
    public static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public required string Op { get; init; }
    public required string Bucket { get; init; }
    public string? Region { get; init; }
    public DateTimeOffset? Time { get; init; }
    public string? Key { get; init; }
    public S3ObjectRecord? Object { get; init; }
}

/// <summary>An object's metadata as journaled; its body is the named file in the blob directory.</summary>
internal sealed record S3ObjectRecord
{
    public required string Key { get; init; }
    public required string Blob { get; init; }
    public required long Length { get; init; }
    public required string ETag { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public required S3ObjectHeaders Headers { get; init; }
    public S3ChecksumAlgorithm? ChecksumAlgorithm { get; init; }
    public string? ChecksumValue { get; init; }
    public string? ChecksumType { get; init; }
    public int? PartsCount { get; init; }

    public static S3ObjectRecord From(S3Object value) => new()
    {
        Key = value.Key,
        Blob = value.Body is FileBlob file ? Path.GetFileName(file.Path) : throw new InvalidOperationException("A journaled object's body must be a file."),
        Length = value.Size,
        ETag = value.ETag,
        LastModified = value.LastModified,
        Headers = value.Headers,
        ChecksumAlgorithm = value.Checksum?.Algorithm,
        ChecksumValue = value.Checksum?.Value,
        ChecksumType = value.Checksum?.Type,
        PartsCount = value.PartsCount,
    };

    public S3Object ToObject(string blobDirectory) => new()
    {
        Key = Key,
        Body = new FileBlob(Path.Combine(blobDirectory, Blob), Length),
        ETag = ETag,
        LastModified = LastModified,
        Headers = Headers with { Metadata = new Dictionary<string, string>(Headers.Metadata, StringComparer.Ordinal) },
        Checksum = ChecksumAlgorithm is { } algorithm ? new S3StoredChecksum(algorithm, ChecksumValue!, ChecksumType!) : null,
        PartsCount = PartsCount,
    };
}
