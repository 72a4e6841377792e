using System.Text.Json;
using Shop.LocalAws.Persistence;

namespace Shop.LocalAws.Ses;

/// <summary>
/// Everything the local SES v2 knows, per region as in AWS: email identities, templates, and the messages it accepted.
/// Every change is journaled (when LocalAws has a data directory) before it is acknowledged, and replayed on start.
/// See https://docs.aws.amazon.com/ses/latest/dg/regions.html (identities and templates are regional)
/// </summary>
public sealed class SesState : IDisposable
{
    /// <summary>Sent messages kept in memory and in the UI; the oldest go first (a developer's mailbox, not an archive).</summary>
    public const int MaxSentMessages = 10_000;

    private static readonly JsonSerializerOptions JournalJson = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Region, string Name), EmailIdentity> _identities = new(RegionNameComparer.IgnoreCase);
    private readonly Dictionary<(string Region, string Name), EmailTemplate> _templates = new(RegionNameComparer.Ordinal);
    private readonly LinkedList<SentEmail> _sent = new();
    private readonly DurableJournal? _journal;

    public SesState(LocalAwsOptions options)
    {
        _journal = DurableJournal.Open(options, "ses");
        if (_journal is not null)
        {
            foreach (var line in _journal.Replay())
            {
                Apply(JsonSerializer.Deserialize<JournalRecord>(line, JournalJson)!);
            }
        }
    }

    /// <summary>Adds an identity; false when one of that name already exists in the region.</summary>
    public bool TryAddIdentity(EmailIdentity identity) => Change(
        () => !_identities.ContainsKey((identity.Region, identity.Name)),
        new JournalRecord { Kind = JournalKind.IdentityAdded, Identity = identity });

    public EmailIdentity? FindIdentity(string region, string name)
    {
        lock (_gate)
        {
            return _identities.GetValueOrDefault((region, name));
        }
    }

    public bool TryDeleteIdentity(string region, string name) => Change(
        () => _identities.ContainsKey((region, name)),
        new JournalRecord { Kind = JournalKind.IdentityDeleted, Region = region, Name = name });

    /// <summary>The region's identities, ordered by name (the order pagination walks).</summary>
    public IReadOnlyList<EmailIdentity> ListIdentities(string region)
    {
        lock (_gate)
        {
            return [.. _identities.Values.Where(i => i.Region == region).OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>
    /// Whether an address may send (or, in a strict sandbox, receive): the address itself is verified, or its domain
    /// or a parent domain is, since a verified domain covers its subdomains unless they are verified separately.
    /// </summary>
    public bool IsVerified(string region, EmailAddress address)
    {
        lock (_gate)
        {
            if (_identities.ContainsKey((region, address.Address)))
            {
                return true;
            }
            for (var domain = address.Domain; domain.Length > 0;)
            {
                if (_identities.ContainsKey((region, domain)))
                {
                    return true;
                }
                var dot = domain.IndexOf('.');
                domain = dot < 0 ? string.Empty : domain[(dot + 1)..];
            }
            return false;
        }
    }

    public bool TryAddTemplate(EmailTemplate template) => Change(
        () => !_templates.ContainsKey((template.Region, template.Name)),
        new JournalRecord { Kind = JournalKind.TemplatePut, Template = template });

    /// <summary>Replaces an existing template's content; false when there is none.</summary>
    public bool TryUpdateTemplate(EmailTemplate template) => Change(
        () => _templates.ContainsKey((template.Region, template.Name)),
        new JournalRecord { Kind = JournalKind.TemplatePut, Template = template });

    public EmailTemplate? FindTemplate(string region, string name)
    {
        lock (_gate)
        {
            return _templates.GetValueOrDefault((region, name));
        }
    }

    public bool TryDeleteTemplate(string region, string name) => Change(
        () => _templates.ContainsKey((region, name)),
        new JournalRecord { Kind = JournalKind.TemplateDeleted, Region = region, Name = name });

    public IReadOnlyList<EmailTemplate> ListTemplates(string region)
    {
        lock (_gate)
        {
            return [.. _templates.Values.Where(t => t.Region == region).OrderBy(t => t.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Every template of every region, for the UI and the read endpoint.</summary>
    public IReadOnlyList<EmailTemplate> AllTemplates()
    {
        lock (_gate)
        {
            return [.. _templates.Values.OrderBy(t => t.Region, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Every identity of every region, for the UI.</summary>
    public IReadOnlyList<EmailIdentity> AllIdentities()
    {
        lock (_gate)
        {
            return [.. _identities.Values.OrderBy(i => i.Region, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    public void RecordSent(SentEmail email) => Change(() => true, new JournalRecord { Kind = JournalKind.EmailSent, Email = email });

    /// <summary>Accepted messages, oldest first.</summary>
    public IReadOnlyList<SentEmail> SentMessages()
    {
        lock (_gate)
        {
            return [.. _sent];
        }
    }

    public SentEmail? FindSent(string messageId)
    {
        lock (_gate)
        {
            return _sent.FirstOrDefault(m => m.MessageId == messageId);
        }
    }

    public void Dispose() => _journal?.Dispose();

    /// <summary>Checks, journals, then applies a change under one lock, so what is acknowledged is what is on disk.</summary>
    private bool Change(Func<bool> precondition, JournalRecord record)
    {
        lock (_gate)
        {
            if (!precondition())
            {
                return false;
            }
            _journal?.Append(JsonSerializer.Serialize(record, JournalJson));
            Apply(record);
            CompactIfGrown();
            return true;
        }
    }

    /// <summary>
    /// Deleted identities and templates and messages beyond <see cref="MaxSentMessages"/> stay in the journal until it is
    /// rewritten as a snapshot of what is live (<see cref="DurableJournal.NeedsCompaction"/>).
    /// </summary>
    private void CompactIfGrown()
    {
        if (_journal is not { NeedsCompaction: true })
        {
            return;
        }
        var snapshot = _identities.Values.Select(i => new JournalRecord { Kind = JournalKind.IdentityAdded, Identity = i })
            .Concat(_templates.Values.Select(t => new JournalRecord { Kind = JournalKind.TemplatePut, Template = t }))
            .Concat(_sent.Select(m => new JournalRecord { Kind = JournalKind.EmailSent, Email = m }))
            .Select(r => JsonSerializer.Serialize(r, JournalJson))
            .ToList();
        _journal.Rewrite(snapshot);
    }

    private void Apply(JournalRecord record)
    {
        switch (record.Kind)
        {
            case JournalKind.IdentityAdded:
                _identities[(record.Identity!.Region, record.Identity.Name)] = record.Identity;
                break;
            case JournalKind.IdentityDeleted:
                _identities.Remove((record.Region!, record.Name!));
                break;
            case JournalKind.TemplatePut:
                _templates[(record.Template!.Region, record.Template.Name)] = record.Template;
                break;
            case JournalKind.TemplateDeleted:
                _templates.Remove((record.Region!, record.Name!));
                break;
            case JournalKind.EmailSent:
                _sent.AddLast(record.Email!);
                while (_sent.Count > MaxSentMessages)
                {
                    _sent.RemoveFirst();
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown SES journal record kind {record.Kind}.");
        }
    }

    private enum JournalKind
    {
        IdentityAdded,
        IdentityDeleted,
        TemplatePut,
        TemplateDeleted,
        EmailSent,
    }

    private sealed record JournalRecord
    {
        public required JournalKind Kind { get; init; }
        public string? Region { get; init; }
        public string? Name { get; init; }
        public EmailIdentity? Identity { get; init; }
        public EmailTemplate? Template { get; init; }
        public SentEmail? Email { get; init; }
    }

    /// <summary>Identities compare case-insensitively (addresses and domains are); template names do not.</summary>
    private sealed class RegionNameComparer(StringComparer names) : IEqualityComparer<(string Region, string Name)>
    {
        public static readonly RegionNameComparer IgnoreCase = new(StringComparer.OrdinalIgnoreCase);
        public static readonly RegionNameComparer Ordinal = new(StringComparer.Ordinal);

        public bool Equals((string Region, string Name) x, (string Region, string Name) y) =>
            string.Equals(x.Region, y.Region, StringComparison.Ordinal) && names.Equals(x.Name, y.Name);

        public int GetHashCode((string Region, string Name) obj) => HashCode.Combine(obj.Region, names.GetHashCode(obj.Name));
    }
}
