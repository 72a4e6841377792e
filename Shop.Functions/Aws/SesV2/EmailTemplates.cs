using System.Text.Json.Serialization;

namespace Shop.Functions.Aws.SesV2;

// Wire records of the SES v2 email-template operations, named as the API reference names them.
// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailTemplate.html

/// <summary>The body of <c>POST /v2/email/templates</c>.</summary>
public sealed record CreateEmailTemplateRequest
{
    public required string TemplateName { get; init; }
    public required EmailTemplateContent TemplateContent { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>The body of <c>PUT /v2/email/templates/{TemplateName}</c>. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_UpdateEmailTemplate.html</summary>
public sealed record UpdateEmailTemplateRequest
{
    public required EmailTemplateContent TemplateContent { get; init; }
}

/// <summary>Subject, text and HTML with <c>{{name}}</c> placeholders. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EmailTemplateContent.html</summary>
public sealed record EmailTemplateContent
{
    public string? Subject { get; init; }
    public string? Text { get; init; }
    public string? Html { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailTemplate.html#API_GetEmailTemplate_ResponseSyntax</summary>
public sealed record GetEmailTemplateResponse
{
    public required string TemplateName { get; init; }
    public required EmailTemplateContent TemplateContent { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailTemplates.html#API_ListEmailTemplates_ResponseSyntax</summary>
public sealed record ListEmailTemplatesResponse
{
    public IReadOnlyList<EmailTemplateMetadata> TemplatesMetadata { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EmailTemplateMetadata.html</summary>
public sealed record EmailTemplateMetadata
{
    public required string TemplateName { get; init; }

    /// <summary>REST JSON timestamps are epoch seconds.</summary>
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreatedTimestamp { get; init; }
}
