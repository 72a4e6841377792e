using System.Collections.Concurrent;

namespace Shop.LocalAws.S3.State;

/// <summary>
/// A bucket: its objects in S3's listing order and its multipart uploads in progress.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_Bucket.html
/// </summary>
public sealed class S3Bucket(string name, string region, DateTimeOffset creationDate)
{
    private readonly Dictionary<string, S3Object> _objects = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _keys = new(S3KeyComparer.Instance);

    public string Name { get; } = name;

    /// <summary>The bucket's region (its LocationConstraint, us-east-1 when none was given).</summary>
    public string Region { get; } = region;

    public DateTimeOffset CreationDate { get; } = creationDate;

    /// <summary>Guards the objects; held briefly, never across I/O of object bodies.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>Set when the bucket is deleted, so a write that raced the deletion fails with NoSuchBucket.</summary>
    internal bool IsDeleted { get; set; }

    public ConcurrentDictionary<string, S3MultipartUpload> Uploads { get; } = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _objects.Count;
            }
        }
    }

    public S3Object? Find(string key)
    {
        lock (Gate)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    /// <summary>Puts or replaces an object; the caller holds <see cref="Gate"/>. Returns the replaced object.</summary>
    internal S3Object? SetLocked(S3Object value)
    {
        _objects.TryGetValue(value.Key, out var previous);
        _objects[value.Key] = value;
        if (previous is null)
        {
            _keys.Add(value.Key);
        }
        return previous;
    }

    /// <summary>Removes an object; the caller holds <see cref="Gate"/>.</summary>
    internal S3Object? RemoveLocked(string key)
    {
        if (!_objects.Remove(key, out var previous))
        {
            return null;
        }
        _keys.Remove(key);
        return previous;
    }

    /// <summary>Every object, in key order (a snapshot).</summary>
    public IReadOnlyList<S3Object> Snapshot()
    {
        lock (Gate)
        {
            return [.. _keys.Select(k => _objects[k])];
        }
    }

    /// <summary>
    /// One page of a listing, as ListObjects(V2) defines it: keys under <paramref name="prefix"/> after
    /// <paramref name="after"/>, keys sharing a <paramref name="delimiter"/>-terminated prefix rolled up into one
    /// common prefix, at most <paramref name="maxKeys"/> entries (objects and common prefixes together).
    /// </summary>
    public S3ListingPage List(string prefix, string? delimiter, string? after, int maxKeys)
    {
        var contents = new List<S3Object>();
        var commonPrefixes = new List<string>();
        string? lastEntry = null;
        var truncated = false;
        lock (Gate)
        {
            if (_keys.Count == 0 || maxKeys == 0)
            {
                return new S3ListingPage(contents, commonPrefixes, false, null);
            }
            var comparer = S3KeyComparer.Instance;
            var start = after is not null && comparer.Compare(after, prefix) > 0 ? after : prefix;
            if (comparer.Compare(start, _keys.Max) > 0)
            {
                return new S3ListingPage(contents, commonPrefixes, false, null);
            }
            foreach (var key in _keys.GetViewBetween(start, _keys.Max!))
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    if (comparer.Compare(key, prefix) > 0)
                    {
                        break; // past every key under the prefix
                    }
                    continue;
                }
                var entry = key;
                var isPrefix = false;
                if (!string.IsNullOrEmpty(delimiter))
                {
                    var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        entry = key[..(at + delimiter.Length)];
                        isPrefix = true;
                    }
                }
                // Resuming after a common prefix skips every key it rolled up.
                if (after is not null && comparer.Compare(entry, after) <= 0)
                {
                    continue;
                }
                if (isPrefix && commonPrefixes.Count > 0 && commonPrefixes[^1] == entry)
                {
                    continue;
                }
                if (contents.Count + commonPrefixes.Count >= maxKeys)
                {
                    truncated = true;
                    break;
                }
                if (isPrefix)
                {
                    commonPrefixes.Add(entry);
                }
                else
                {
                    contents.Add(_objects[key]);
                }
                lastEntry = entry;
            }
        }
        return new S3ListingPage(contents, commonPrefixes, truncated, truncated ? lastEntry : null);
    }
}

/// <summary>One page of a listing; <see cref="LastEntry"/> (a key or common prefix) is where the next page starts after.</summary>
public sealed record S3ListingPage(IReadOnlyList<S3Object> Contents, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastEntry);

/// <summary>A multipart upload in progress. See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html</summary>
public sealed class S3MultipartUpload
{
    public required string UploadId { get; init; }
    public required string Key { get; init; }
    public required DateTimeOffset Initiated { get; init; }
    public required S3ObjectHeaders Headers { get; init; }
    public ConcurrentDictionary<int, S3Part> Parts { get; } = new();
}

/// <summary>One uploaded part.</summary>
public sealed record S3Part(int PartNumber, S3Blob Body, string ETag, DateTimeOffset LastModified);
