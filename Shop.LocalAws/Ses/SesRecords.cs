namespace Shop.LocalAws.Ses;

/// <summary>
/// A verified sender: an email address or a domain. Locally identities verify the moment they are created.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_IdentityInfo.html
/// </summary>
public sealed record EmailIdentity
{
    public required string Region { get; init; }
    public required string Name { get; init; }

    /// <summary><c>EMAIL_ADDRESS</c> or <c>DOMAIN</c>, as the API names them.</summary>
    public required string IdentityType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<SesTag> Tags { get; init; } = [];
    public string? ConfigurationSetName { get; init; }

    /// <summary>The DKIM CNAME tokens a domain identity publishes (random locally, stable once created).</summary>
    public IReadOnlyList<string> DkimTokens { get; init; } = [];
}

/// <summary>
/// A stored email template: subject, text and HTML parts with <c>{{name}}</c> placeholders.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EmailTemplateContent.html
/// </summary>
public sealed record EmailTemplate
{
    public required string Region { get; init; }
    public required string Name { get; init; }
    public string? Subject { get; init; }
    public string? Text { get; init; }
    public string? Html { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<SesTag> Tags { get; init; } = [];
}

/// <summary>A key/value pair: identity and template tags, message tags and message headers. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Tag.html</summary>
public sealed record SesTag(string Key, string Value);

/// <summary>
/// One message SES accepted, as a developer wants to inspect it: who sent it to whom, the subject and bodies
/// (after template rendering, or as read from the raw MIME), and the raw MIME itself for raw sends.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
/// </summary>
public sealed record SentEmail
{
    public required string MessageId { get; init; }
    public required string Region { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary><c>Simple</c>, <c>Raw</c> or <c>Template</c>: which content the request carried.</summary>
    public required string ContentKind { get; init; }

    public required string From { get; init; }
    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> Bcc { get; init; } = [];
    public IReadOnlyList<string> ReplyTo { get; init; } = [];
    public required string Subject { get; init; }
    public string? Text { get; init; }
    public string? Html { get; init; }

    /// <summary>The MIME message exactly as sent, for Raw content only.</summary>
    public byte[]? Raw { get; init; }

    public string? TemplateName { get; init; }
    public string? ConfigurationSetName { get; init; }
    public IReadOnlyList<SesTag> EmailTags { get; init; } = [];

    /// <summary>Extra headers a Simple or Template send asked for (name, value).</summary>
    public IReadOnlyList<SesTag> Headers { get; init; } = [];

    public IReadOnlyList<SentAttachment> Attachments { get; init; } = [];
}

/// <summary>
/// A file sent with a message: from a Simple or Template send's Attachments, or an attachment part of raw MIME.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Attachment.html
/// </summary>
public sealed record SentAttachment(string FileName, string ContentType, byte[] Content);
