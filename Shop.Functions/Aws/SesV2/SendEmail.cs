namespace Shop.Functions.Aws.SesV2;

// Wire records of SES v2 SendEmail, named exactly as the API reference names them so the two can be read side by side.
// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html

/// <summary>The body of <c>POST /v2/email/outbound-emails</c>.</summary>
public sealed record SendEmailRequest
{
    /// <summary>The sender; in the SES sandbox it (or its domain) must be a verified identity.</summary>
    public string? FromEmailAddress { get; init; }

    public string? FromEmailAddressIdentityArn { get; init; }

    /// <summary>Required for Simple and Template content; Raw content may carry its recipients in its headers instead.</summary>
    public Destination? Destination { get; init; }

    public IReadOnlyList<string>? ReplyToAddresses { get; init; }

    public string? FeedbackForwardingEmailAddress { get; init; }

    public required EmailContent Content { get; init; }

    public IReadOnlyList<MessageTag>? EmailTags { get; init; }

    public string? ConfigurationSetName { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Destination.html</summary>
public sealed record Destination
{
    public IReadOnlyList<string>? ToAddresses { get; init; }
    public IReadOnlyList<string>? CcAddresses { get; init; }
    public IReadOnlyList<string>? BccAddresses { get; init; }
}

/// <summary>Exactly one of Simple, Raw or Template. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EmailContent.html</summary>
public sealed record EmailContent
{
    public Message? Simple { get; init; }
    public RawMessage? Raw { get; init; }
    public Template? Template { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Message.html</summary>
public sealed record Message
{
    public required Content Subject { get; init; }
    public required Body Body { get; init; }
    public IReadOnlyList<MessageHeader>? Headers { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

/// <summary>A file sent with a Simple or Template message. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Attachment.html</summary>
public sealed record Attachment
{
    public required string FileName { get; init; }

    /// <summary>The file's bytes; JSON carries them base64-encoded.</summary>
    public required byte[] RawContent { get; init; }

    public string? ContentType { get; init; }

    /// <summary><c>ATTACHMENT</c> (the default) or <c>INLINE</c>.</summary>
    public string? ContentDisposition { get; init; }

    public string? ContentDescription { get; init; }
    public string? ContentId { get; init; }
    public string? ContentTransferEncoding { get; init; }
}

/// <summary>A text and its character set (UTF-8 when absent). https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Content.html</summary>
public sealed record Content
{
    public required string Data { get; init; }
    public string? Charset { get; init; }
}

/// <summary>At least one of Text and Html. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Body.html</summary>
public sealed record Body
{
    public Content? Text { get; init; }
    public Content? Html { get; init; }
}

/// <summary>A whole MIME message; JSON carries it base64-encoded. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_RawMessage.html</summary>
public sealed record RawMessage
{
    public required byte[] Data { get; init; }
}

/// <summary>A stored template by name or ARN, or inline TemplateContent; TemplateData is a JSON object as a string. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Template.html</summary>
public sealed record Template
{
    public string? TemplateName { get; init; }
    public string? TemplateArn { get; init; }
    public EmailTemplateContent? TemplateContent { get; init; }
    public string? TemplateData { get; init; }
    public IReadOnlyList<MessageHeader>? Headers { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_MessageHeader.html</summary>
public sealed record MessageHeader
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_MessageTag.html</summary>
public sealed record MessageTag
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html#API_SendEmail_ResponseSyntax</summary>
public sealed record SendEmailResponse
{
    public required string MessageId { get; init; }
}
