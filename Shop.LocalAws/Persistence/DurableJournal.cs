using System.Text;

namespace Shop.LocalAws.Persistence;

/// <summary>
/// An append-only journal of one service's state changes, one JSON document per line, in <c>--data-dir</c>.
/// A service appends a change before it acknowledges the request and replays the journal when it starts,
/// so a restart loses nothing that was acknowledged. Without a data directory no journal exists and state is memory only.
/// Records of changes that later ones supersede pile up, so a service rewrites its journal as a snapshot of its live
/// state once <see cref="NeedsCompaction"/> says so: the journal has doubled since its last rewrite and is past
/// <see cref="LocalAwsOptions.JournalCompactionBytes"/>. That keeps the cost of rewriting amortized per change, and
/// the journal at most about twice the size of what is live.
/// </summary>
public sealed class DurableJournal : IDisposable
{
    private readonly string _path;
    private readonly long _compactionBytes;
    private readonly Lock _gate = new();
    private FileStream _stream;
    private StreamWriter _writer;
    private long _length;
    private long _lengthAfterRewrite;

    private DurableJournal(string path, long compactionBytes)
    {
        _path = path;
        _compactionBytes = compactionBytes;
        (_stream, _writer) = OpenForAppend(path);
        _length = _lengthAfterRewrite = _stream.Length;
    }

    /// <summary>Opens (or creates) <c>{DataDirectory}/{name}.journal</c>; returns null when persistence is off.</summary>
    public static DurableJournal? Open(LocalAwsOptions options, string name)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return null;
        }
        Directory.CreateDirectory(options.DataDirectory);
        return new DurableJournal(Path.Combine(options.DataDirectory, name + ".journal"), options.JournalCompactionBytes);
    }

    /// <summary>
    /// Whether the journal has grown to twice its size after the last <see cref="Rewrite"/> and past the configured
    /// minimum, so that the service should rewrite it as a snapshot of its live state.
    /// </summary>
    public bool NeedsCompaction
    {
        get
        {
            var length = Volatile.Read(ref _length);
            return length > _compactionBytes && length > 2 * Volatile.Read(ref _lengthAfterRewrite);
        }
    }

    /// <summary>Every record written so far, oldest first. A torn last line (a crash mid-write) is skipped.</summary>
    public IEnumerable<string> Replay()
    {
        lock (_gate)
        {
            _writer.Flush();
        }
        using var reader = new StreamReader(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
        if (lines.Count > 0 && !IsCompleteJson(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    /// <summary>Appends one record (a single-line JSON document) and flushes it to the operating system.</summary>
    public void Append(string jsonRecord)
    {
        if (jsonRecord.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A journal record must be a single line.", nameof(jsonRecord));
        }
        lock (_gate)
        {
            _writer.Write(jsonRecord);
            _writer.Write('\n');
            _writer.Flush();
            Volatile.Write(ref _length, _stream.Position);
        }
    }

    /// <summary>Replaces the journal with a compact set of records (a snapshot), atomically.</summary>
    public void Rewrite(IEnumerable<string> records)
    {
        lock (_gate)
        {
            var temporary = _path + ".tmp";
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
            {
                foreach (var record in records)
                {
                    writer.Write(record);
                    writer.Write('\n');
                }
            }
            _writer.Dispose();
            File.Move(temporary, _path, overwrite: true);
            (_stream, _writer) = OpenForAppend(_path);
            Volatile.Write(ref _length, _stream.Length);
            Volatile.Write(ref _lengthAfterRewrite, _stream.Length);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
            _stream.Dispose();
        }
    }

    private static (FileStream, StreamWriter) OpenForAppend(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        return (stream, new StreamWriter(stream, new UTF8Encoding(false)));
    }

    private static bool IsCompleteJson(string line)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(line);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
