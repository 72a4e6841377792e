using System.Text;

namespace Shop.LocalAws.Persistence;

/// <summary>
/// An append-only journal of one service's state changes, one JSON document per line, in <c>--data-dir</c>.
/// A service appends a change before it acknowledges the request and replays the journal when it starts,
/// so a restart loses nothing that was acknowledged. Without a data directory no journal exists and state is memory only.
/// </summary>
public sealed class DurableJournal : IDisposable
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private FileStream _stream;
    private StreamWriter _writer;

    private DurableJournal(string path)
    {
        _path = path;
        (_stream, _writer) = OpenForAppend(path);
    }

    /// <summary>Opens (or creates) <c>{dataDirectory}/{name}.journal</c>; returns null when persistence is off.</summary>
    public static DurableJournal? Open(string? dataDirectory, string name)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            return null;
        }
        Directory.CreateDirectory(dataDirectory);
        return new DurableJournal(Path.Combine(dataDirectory, name + ".journal"));
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
