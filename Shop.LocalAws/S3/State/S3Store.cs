using System.Collections.Concurrent;
using System.Text.Json;
using Shop.LocalAws.Persistence;
using Shop.LocalAws.S3.Protocol;

namespace Shop.LocalAws.S3.State;

/// <summary>
/// All buckets of the emulated account. Without a data directory everything lives in memory; with one, object bodies
/// are files under <c>{data-dir}/s3-blobs</c> and every acknowledged change is journaled (<see cref="DurableJournal"/>)
/// before the response is sent, then replayed and compacted on start, and compacted again whenever it outgrows the live
/// state (<see cref="DurableJournal.NeedsCompaction"/>).
/// </summary>
public sealed class S3Store : IDisposable
{
    private readonly ConcurrentDictionary<string, S3Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _bucketGate = new();
    private readonly DurableJournal? _journal;
    private readonly string? _blobDirectory;
    private int _compacting;

    public S3Store(LocalAwsOptions options)
    {
        _journal = DurableJournal.Open(options, "s3");
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
        CompactIfGrown();
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
        CompactIfGrown();
        return true;
    }

    /// <summary>Starts a multipart upload.</summary>
    public void CreateUpload(S3Bucket bucket, S3MultipartUpload upload)
    {
        lock (bucket.Gate)
        {
            if (bucket.IsDeleted)
            {
                throw S3Errors.NoSuchBucket(bucket.Name);
            }
            Journal(new S3JournalRecord { Op = "CreateUpload", Bucket = bucket.Name, Upload = S3UploadRecord.From(upload) });
            bucket.Uploads[upload.UploadId] = upload;
        }
    }

    /// <summary>Stores a part (replacing one with the same number) of an upload that is still in progress.</summary>
    public void PutPart(S3Bucket bucket, S3MultipartUpload upload, S3Part part)
    {
        S3Part? replaced;
        lock (bucket.Gate)
        {
            if (bucket.IsDeleted || !bucket.Uploads.ContainsKey(upload.UploadId))
            {
                part.Body.Release();
                throw S3Errors.NoSuchUpload(upload.UploadId);
            }
            if (_journal is not null)
            {
                Journal(new S3JournalRecord { Op = "PutPart", Bucket = bucket.Name, UploadId = upload.UploadId, Part = S3PartRecord.From(part) });
            }
            upload.Parts.TryGetValue(part.PartNumber, out replaced);
            upload.Parts[part.PartNumber] = part;
        }
        replaced?.Body.Release();
        CompactIfGrown();
    }

    /// <summary>Ends an upload (aborted or completed); null when it was not in progress. The caller releases its parts.</summary>
    public S3MultipartUpload? RemoveUpload(S3Bucket bucket, string uploadId)
    {
        lock (bucket.Gate)
        {
            if (!bucket.Uploads.TryRemove(uploadId, out var upload))
            {
                return null;
            }
            Journal(new S3JournalRecord { Op = "EndUpload", Bucket = bucket.Name, UploadId = uploadId });
            return upload;
        }
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

    // Records of objects and parts name their body files, so callers build them only when a journal exists.
    private void Journal(S3JournalRecord record)
    {
        if (_journal is not null)
        {
            _journal.Append(JsonSerializer.Serialize(record, S3JournalRecord.JsonOptions));
        }
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
                case "CreateUpload" when _buckets.TryGetValue(record.Bucket, out var bucket):
                    bucket.Uploads[record.Upload!.UploadId] = record.Upload.ToUpload();
                    break;
                case "PutPart" when _buckets.TryGetValue(record.Bucket, out var bucket) && bucket.Uploads.TryGetValue(record.UploadId!, out var upload):
                    upload.Parts[record.Part!.Number] = record.Part.ToPart(_blobDirectory!);
                    break;
                case "EndUpload" when _buckets.TryGetValue(record.Bucket, out var bucket):
                    bucket.Uploads.TryRemove(record.UploadId!, out _);
                    break;
            }
        }

        // Compact, and drop body files nothing refers to (replaced or deleted objects, parts of uploads that never
        // completed, a body whose request failed mid-way).
        var live = new HashSet<string>(StringComparer.Ordinal);
        _journal.Rewrite(SnapshotRecords(live));
        foreach (var file in Directory.EnumerateFiles(_blobDirectory!))
        {
            if (!live.Contains(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Rewrites the journal as a snapshot once it has outgrown the live state. Called with no lock held; it takes the
    /// bucket gate and then every bucket's lock, in the order a change takes them (bucket gate, bucket, journal), so no
    /// change lands between the snapshot and the rewrite. Body files need no sweep here: a replaced or deleted body is
    /// released when its object goes.
    /// </summary>
    private void CompactIfGrown()
    {
        if (_journal is not { NeedsCompaction: true } || Interlocked.Exchange(ref _compacting, 1) == 1)
        {
            return;
        }
        try
        {
            lock (_bucketGate)
            {
                var buckets = _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
                foreach (var bucket in buckets)
                {
                    bucket.Gate.Enter();
                }
                try
                {
                    _journal.Rewrite(SnapshotRecords(live: null));
                }
                finally
                {
                    foreach (var bucket in buckets)
                    {
                        bucket.Gate.Exit();
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _compacting, 0);
        }
    }

    /// <summary>One record per live bucket, object, upload and part; the body files they name go into <paramref name="live"/>.</summary>
    private List<string> SnapshotRecords(HashSet<string>? live)
    {
        var records = new List<string>();
        foreach (var bucket in _buckets.Values)
        {
            records.Add(JsonSerializer.Serialize(new S3JournalRecord { Op = "CreateBucket", Bucket = bucket.Name, Region = bucket.Region, Time = bucket.CreationDate }, S3JournalRecord.JsonOptions));
            foreach (var value in bucket.Snapshot())
            {
                records.Add(JsonSerializer.Serialize(new S3JournalRecord { Op = "PutObject", Bucket = bucket.Name, Object = S3ObjectRecord.From(value) }, S3JournalRecord.JsonOptions));
                live?.Add(((FileBlob)value.Body).Path);
            }
            foreach (var upload in bucket.Uploads.Values)
            {
                records.Add(JsonSerializer.Serialize(new S3JournalRecord { Op = "CreateUpload", Bucket = bucket.Name, Upload = S3UploadRecord.From(upload) }, S3JournalRecord.JsonOptions));
                foreach (var part in upload.Parts.Values.OrderBy(p => p.PartNumber))
                {
                    records.Add(JsonSerializer.Serialize(new S3JournalRecord { Op = "PutPart", Bucket = bucket.Name, UploadId = upload.UploadId, Part = S3PartRecord.From(part) }, S3JournalRecord.JsonOptions));
                    live?.Add(((FileBlob)part.Body).Path);
                }
            }
        }
        return records;
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
    public string? UploadId { get; init; }
    public S3UploadRecord? Upload { get; init; }
    public S3PartRecord? Part { get; init; }
}

/// <summary>A multipart upload in progress, as journaled.</summary>
internal sealed record S3UploadRecord(string UploadId, string Key, DateTimeOffset Initiated, S3ObjectHeaders Headers)
{
    public static S3UploadRecord From(S3MultipartUpload upload) => new(upload.UploadId, upload.Key, upload.Initiated, upload.Headers);

    public S3MultipartUpload ToUpload() => new()
    {
        UploadId = UploadId,
        Key = Key,
        Initiated = Initiated,
        Headers = Headers with { Metadata = new Dictionary<string, string>(Headers.Metadata, StringComparer.Ordinal) },
    };
}

/// <summary>An uploaded part, as journaled; its body is the named file in the blob directory.</summary>
internal sealed record S3PartRecord(int Number, string Blob, long Length, string ETag, DateTimeOffset LastModified)
{
    public static S3PartRecord From(S3Part part) =>
        new(part.PartNumber, Path.GetFileName(((FileBlob)part.Body).Path), part.Body.Length, part.ETag, part.LastModified);

    public S3Part ToPart(string blobDirectory) => new(Number, new FileBlob(Path.Combine(blobDirectory, Blob), Length), ETag, LastModified);
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
    public long[]? PartSizes { get; init; }

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
        PartSizes = value.PartSizes?.ToArray(),
    };

    public S3Object ToObject(string blobDirectory) => new()
    {
        Key = Key,
        Body = new FileBlob(Path.Combine(blobDirectory, Blob), Length),
        ETag = ETag,
        LastModified = LastModified,
        Headers = Headers with { Metadata = new Dictionary<string, string>(Headers.Metadata, StringComparer.Ordinal) },
        Checksum = ChecksumAlgorithm is { } algorithm ? new S3StoredChecksum(algorithm, ChecksumValue!, ChecksumType!) : null,
        PartSizes = PartSizes,
    };
}
