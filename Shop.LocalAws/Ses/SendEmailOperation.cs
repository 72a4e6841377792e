using System.Security.Cryptography;
using System.Text.Json;

namespace Shop.LocalAws.Ses;

/// <summary>
/// SendEmail with Simple, Raw or Template content, checked in AWS's order: the request's shape, then every address's
/// syntax and the 50-recipient limit, then the sandbox's verified-identity rule (the sender always; the recipients too
/// when <see cref="SesOptions.RequireVerifiedRecipients"/> is set). Nothing is delivered; the message is kept for the UI
/// and <c>/_localaws/ses/messages.json</c>.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
/// </summary>
public sealed class SendEmailOperation(SesState state, SesOptions options, TimeProvider clock)
{
    /// <summary>SES's limit across To, Cc and Bcc. See https://docs.aws.amazon.com/ses/latest/dg/quotas.html</summary>
    public const int MaxRecipients = 50;

    public void Send(string region, JsonElement body, Utf8JsonWriter output)
    {
        var content = SesJson.RequiredObject(body, "Content", "content");
        var simple = SesJson.OptionalObject(content, "Simple");
        var raw = SesJson.OptionalObject(content, "Raw");
        var template = SesJson.OptionalObject(content, "Template");
        var kinds = (simple is null ? 0 : 1) + (raw is null ? 0 : 1) + (template is null ? 0 : 1);
        if (kinds != 1)
        {
            throw SesErrors.BadRequest("The content of the message must contain exactly one of Simple, Raw or Template.");
        }

        var destination = SesJson.OptionalObject(body, "Destination");
        var draft = new Draft
        {
            From = SesJson.OptionalString(body, "FromEmailAddress"),
            To = destination is { } d1 ? SesJson.StringList(d1, "ToAddresses") : [],
            Cc = destination is { } d2 ? SesJson.StringList(d2, "CcAddresses") : [],
            Bcc = destination is { } d3 ? SesJson.StringList(d3, "BccAddresses") : [],
            ReplyTo = SesJson.StringList(body, "ReplyToAddresses"),
        };
        var configurationSet = SesJson.OptionalString(body, "ConfigurationSetName");
        var tags = SesJson.Tags(body, "EmailTags", "Name");

        var message = simple is { } s ? ReadSimple(s, draft)
            : raw is { } r ? ReadRaw(r, draft, destination is not null)
            : ReadTemplate(region, template!.Value, draft);

        if (string.IsNullOrWhiteSpace(message.From))
        {
            // SES's own answers, which differ by content kind.
            throw message.Kind switch
            {
                "Simple" => SesErrors.BadRequestWithoutMessage(),
                "Template" => SesErrors.BadRequest("Source cannot be empty"),
                _ => SesErrors.BadRequest("Missing required header 'From'."),
            };
        }
        var sender = Parse(message.From);
        var recipients = message.To.Concat(message.Cc).Concat(message.Bcc).Select(Parse).ToList();
        foreach (var replyTo in message.ReplyTo)
        {
            Parse(replyTo);
        }
        if (recipients.Count == 0)
        {
            throw SesErrors.BadRequest(message.Kind == "Raw"
                ? "Missing required header 'To'."
                : "The message must have at least one recipient in ToAddresses, CcAddresses or BccAddresses.");
        }
        if (recipients.Count > MaxRecipients)
        {
            throw SesErrors.BadRequest($"Recipient count exceeds {MaxRecipients}.");
        }
        if (configurationSet is not null)
        {
            // LocalAws has no configuration sets, so every name is unknown, as it would be in a fresh account.
            throw SesErrors.NotFound($"Configuration set <{configurationSet}> does not exist.");
        }

        var unverified = new List<string>();
        if (!state.IsVerified(region, sender))
        {
            // SES names the sender as it was given, display name included.
            unverified.Add(message.From.Trim());
        }
        if (options.RequireVerifiedRecipients)
        {
            unverified.AddRange(recipients.Where(a => !state.IsVerified(region, a)).Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase));
        }
        if (unverified.Count > 0)
        {
            throw SesErrors.NotVerified(region, unverified);
        }

        var now = clock.GetUtcNow();
        var sent = new SentEmail
        {
            MessageId = NewMessageId(now),
            Region = region,
            Timestamp = now,
            ContentKind = message.Kind,
            From = message.From,
            To = message.To,
            Cc = message.Cc,
            Bcc = message.Bcc,
            ReplyTo = message.ReplyTo,
            Subject = message.Subject ?? string.Empty,
            Text = message.Text,
            Html = message.Html,
            Raw = message.Raw,
            TemplateName = message.TemplateName,
            EmailTags = tags,
            Headers = message.Headers,
            Attachments = message.Attachments,
        };
        state.RecordSent(sent);

        output.WriteStartObject();
        output.WriteString("MessageId", sent.MessageId);
        output.WriteEndObject();
    }

    /// <summary>What the request says before checks: addresses as given, subject and bodies as they will be kept.</summary>
    private sealed record Draft
    {
        public string Kind { get; init; } = "Simple";
        public string? From { get; init; }
        public IReadOnlyList<string> To { get; init; } = [];
        public IReadOnlyList<string> Cc { get; init; } = [];
        public IReadOnlyList<string> Bcc { get; init; } = [];
        public IReadOnlyList<string> ReplyTo { get; init; } = [];
        public string? Subject { get; init; }
        public string? Text { get; init; }
        public string? Html { get; init; }
        public byte[]? Raw { get; init; }
        public string? TemplateName { get; init; }
        public IReadOnlyList<SesTag> Headers { get; init; } = [];
        public IReadOnlyList<SentAttachment> Attachments { get; init; } = [];
    }

    /// <summary>The Headers and Attachments members that Simple and Template content share.</summary>
    private static Draft WithHeadersAndAttachments(Draft draft, JsonElement content, string path)
    {
        var attachments = new List<SentAttachment>();
        switch (SesJson.Member(content, "Attachments"))
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.Array } list:
                foreach (var item in list.EnumerateArray())
                {
                    var fileName = SesJson.RequiredString(item, "FileName", $"{path}.attachments.member.fileName");
                    var raw = SesJson.Member(item, "RawContent") ?? throw SesErrors.MissingMember($"{path}.attachments.member.rawContent");
                    attachments.Add(new SentAttachment(fileName, SesJson.OptionalString(item, "ContentType") ?? "application/octet-stream", Base64(raw, "RawContent")));
                }
                break;
            default:
                throw SesErrors.Serialization("Expected list for member Attachments.");
        }
        return draft with { Headers = SesJson.Tags(content, "Headers", "Name"), Attachments = attachments };
    }

    private static byte[] Base64(JsonElement value, string member)
    {
        try
        {
            return value.ValueKind == JsonValueKind.String ? value.GetBytesFromBase64() : throw new FormatException();
        }
        catch (FormatException)
        {
            throw SesErrors.Serialization($"{member} must be a base64-encoded blob.");
        }
    }

    private static Draft ReadSimple(JsonElement simple, Draft draft)
    {
        var subject = SesJson.RequiredObject(simple, "Subject", "content.simple.subject");
        var body = SesJson.RequiredObject(simple, "Body", "content.simple.body");
        var text = SesJson.OptionalObject(body, "Text") is { } t ? SesJson.RequiredString(t, "Data", "content.simple.body.text.data") : null;
        var html = SesJson.OptionalObject(body, "Html") is { } h ? SesJson.RequiredString(h, "Data", "content.simple.body.html.data") : null;
        if (text is null && html is null)
        {
            throw SesErrors.BadRequest("The message body must contain Text, Html or both.");
        }
        return WithHeadersAndAttachments(draft, simple, "content.simple") with
        {
            Kind = "Simple",
            Subject = SesJson.RequiredString(subject, "Data", "content.simple.subject.data"),
            Text = text,
            Html = html,
        };
    }

    /// <summary>
    /// Raw content carries its own headers: without FromEmailAddress the From header is the sender, and without a
    /// Destination the To, Cc and Bcc headers are the recipients, as SES documents for raw messages.
    /// </summary>
    private static Draft ReadRaw(JsonElement raw, Draft draft, bool hasDestination)
    {
        var data = SesJson.Member(raw, "Data") ?? throw SesErrors.MissingMember("content.raw.data");
        var bytes = Base64(data, "Content.Raw.Data");
        if (bytes.Length == 0)
        {
            throw SesErrors.MessageRejected("Message has no content.");
        }
        var mime = MimeMessageReader.Read(bytes);
        return draft with
        {
            Kind = "Raw",
            From = draft.From ?? mime.From,
            To = hasDestination ? draft.To : mime.To,
            Cc = hasDestination ? draft.Cc : mime.Cc,
            Bcc = hasDestination ? draft.Bcc : mime.Bcc,
            ReplyTo = draft.ReplyTo.Count > 0 ? draft.ReplyTo : mime.ReplyTo,
            Subject = mime.Subject,
            Text = mime.Text,
            Html = mime.Html,
            Raw = bytes,
            Attachments = mime.Attachments,
        };
    }

    private Draft ReadTemplate(string region, JsonElement template, Draft draft)
    {
        var name = SesJson.OptionalString(template, "TemplateName");
        var arn = SesJson.OptionalString(template, "TemplateArn");
        if (name is null && arn is not null)
        {
            var marker = arn.IndexOf(":template/", StringComparison.Ordinal);
            name = marker >= 0 ? arn[(marker + ":template/".Length)..] : throw SesErrors.BadRequest($"Invalid template ARN: {arn}");
        }
        string? subject, text, html;
        if (name is not null)
        {
            var stored = state.FindTemplate(region, name) ?? throw EmailTemplateOperations.NotFound(name);
            (subject, text, html) = (stored.Subject, stored.Text, stored.Html);
        }
        else if (SesJson.OptionalObject(template, "TemplateContent") is { } inline)
        {
            (subject, text, html) = (SesJson.OptionalString(inline, "Subject"), SesJson.OptionalString(inline, "Text"), SesJson.OptionalString(inline, "Html"));
            foreach (var part in new[] { subject, text, html })
            {
                if (EmailTemplateRenderer.Validate(part) is { } error)
                {
                    throw SesErrors.BadRequest(error);
                }
            }
        }
        else
        {
            throw SesErrors.BadRequest("Template content must name a template (TemplateName or TemplateArn) or carry TemplateContent.");
        }

        var dataText = SesJson.OptionalString(template, "TemplateData") ?? "{}";
        JsonElement data;
        try
        {
            using var document = JsonDocument.Parse(dataText);
            data = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw SesErrors.BadRequest("Invalid TemplateData: it must be a JSON object.");
        }
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw SesErrors.BadRequest("Invalid TemplateData: it must be a JSON object.");
        }

        return WithHeadersAndAttachments(draft, template, "content.template") with
        {
            Kind = "Template",
            Subject = EmailTemplateRenderer.Render(subject, data),
            Text = text is null ? null : EmailTemplateRenderer.Render(text, data),
            Html = html is null ? null : EmailTemplateRenderer.Render(html, data),
            TemplateName = name,
        };
    }

    private static EmailAddress Parse(string address) =>
        EmailAddress.TryParse(address, out var parsed, out var error) ? parsed : throw SesErrors.BadRequest(error);

    /// <summary>SES message ids look like <c>0100018c2f3a4b5c-&lt;uuid&gt;-000000</c>: "0100", the send time in hex milliseconds, a UUID, a suffix.</summary>
    private static string NewMessageId(DateTimeOffset now) =>
        $"0100{now.ToUnixTimeMilliseconds():x12}-{new Guid(RandomNumberGenerator.GetBytes(16))}-000000";
}
