using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.Ses;

/// <summary>
/// The SES pages of the LocalAws UI (<c>/_localaws/ses</c>): sent messages newest first, one page per message (text
/// shown as text, HTML rendered in a sandboxed iframe that runs no scripts), identities and templates; plus
/// <c>/_localaws/ses/messages.json</c> for tests and tools, shaped like aws-ses-v2-local's <c>GET /store</c>
/// (<c>{templates, emails:[{messageId, from, replyTo, destination:{to,cc,bcc}, subject, body:{text,html}, at}]}</c>,
/// <c>?since=</c> epoch seconds) with LocalAws's extra fields alongside.
/// </summary>
public sealed class SesUiSection(SesState state) : ILocalAwsUiSection
{
    public const string MessagesJsonPath = "messages.json";

    /// <summary>The index lists this many newest messages; messages.json has them all.</summary>
    public const int IndexMessageLimit = 500;

    public string Title => "SES";

    public string Slug => "ses";

    public async Task<bool> RenderAsync(HttpContext context, string subPath, LocalAwsPage page)
    {
        if (subPath.Length == 0)
        {
            RenderIndex(page);
            return true;
        }
        if (subPath == MessagesJsonPath)
        {
            return await WriteMessagesJsonAsync(context);
        }
        const string messagesPrefix = "messages/";
        if (subPath.StartsWith(messagesPrefix, StringComparison.Ordinal))
        {
            var rest = subPath[messagesPrefix.Length..];
            const string attachmentsSegment = "/attachments/";
            var attachmentAt = rest.IndexOf(attachmentsSegment, StringComparison.Ordinal);
            if (attachmentAt > 0)
            {
                return await WriteAttachmentAsync(context, state.FindSent(rest[..attachmentAt]), rest[(attachmentAt + attachmentsSegment.Length)..]);
            }
            var raw = rest.EndsWith(".eml", StringComparison.Ordinal);
            var message = state.FindSent(raw ? rest[..^4] : rest);
            if (message is null || (raw && message.Raw is null))
            {
                return false;
            }
            if (raw)
            {
                context.Response.ContentType = "message/rfc822";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{message.MessageId}.eml\"";
                await context.Response.Body.WriteAsync(message.Raw, context.RequestAborted);
                return true;
            }
            RenderMessage(context, message, page);
            return true;
        }
        return false;
    }

    private static async Task<bool> WriteAttachmentAsync(HttpContext context, SentEmail? message, string indexText)
    {
        if (message is null || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= message.Attachments.Count)
        {
            return false;
        }
        var attachment = message.Attachments[index];
        // Always a download, never rendered here: an attachment is the sender's content, like the HTML body.
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = attachment.FileName, DispositionType = "attachment" }.ToString();
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.Body.WriteAsync(attachment.Content, context.RequestAborted);
        return true;
    }

    private void RenderIndex(LocalAwsPage page)
    {
        page.Title = "SES";
        var messages = state.SentMessages();
        page.Html($"<h2>Sent messages ({messages.Count})</h2>");
        page.Html("<p class=\"muted\">Nothing is delivered: SES keeps each accepted message here. JSON: <a href=\"/_localaws/ses/messages.json\">messages.json</a>.</p>");
        if (messages.Count > 0)
        {
            page.Html("<table><thead><tr><th>Sent (UTC)</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>");
            if (messages.Count > IndexMessageLimit)
            {
                page.Html($"<p class=\"muted\">The newest {IndexMessageLimit} are listed.</p>");
            }
            foreach (var message in messages.Reverse().Take(IndexMessageLimit))
            {
                page.Html("<tr><td>").Text(Time(message.Timestamp)).Html("</td><td>").Text(message.From)
                    .Html("</td><td>").Text(string.Join(", ", message.To.Concat(message.Cc).Concat(message.Bcc)))
                    .Html($"</td><td><a href=\"/_localaws/ses/messages/{Uri.EscapeDataString(message.MessageId)}\">")
                    .Text(message.Subject.Length == 0 ? "(no subject)" : message.Subject).Html("</a></td></tr>");
            }
            page.Html("</tbody></table>");
        }

        var identities = state.AllIdentities();
        page.Html($"<h2>Verified identities ({identities.Count})</h2>");
        if (identities.Count > 0)
        {
            page.Html("<table><thead><tr><th>Identity</th><th>Type</th><th>Region</th><th>Created (UTC)</th></tr></thead><tbody>");
            foreach (var identity in identities)
            {
                page.Html("<tr><td>").Text(identity.Name).Html("</td><td>").Text(identity.IdentityType)
                    .Html("</td><td>").Text(identity.Region).Html("</td><td>").Text(Time(identity.CreatedAt)).Html("</td></tr>");
            }
            page.Html("</tbody></table>");
        }
        else
        {
            page.Html("<p class=\"muted\">None: sending fails with MessageRejected until the sender (or its domain) is created with CreateEmailIdentity.</p>");
        }

        var templates = state.AllTemplates();
        page.Html($"<h2>Templates ({templates.Count})</h2>");
        if (templates.Count > 0)
        {
            page.Html("<table><thead><tr><th>Name</th><th>Region</th><th>Subject</th></tr></thead><tbody>");
            foreach (var template in templates)
            {
                page.Html("<tr><td>").Text(template.Name).Html("</td><td>").Text(template.Region)
                    .Html("</td><td>").Text(template.Subject).Html("</td></tr>");
            }
            page.Html("</tbody></table>");
        }
    }

    private static void RenderMessage(HttpContext context, SentEmail message, LocalAwsPage page)
    {
        // The email's HTML is user data: it is shown only inside a sandboxed srcdoc iframe (no scripts, no forms, no
        // same-origin access), and this page's policy forbids scripts and remote loads beyond images.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'self'";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";

        page.Title = message.Subject.Length == 0 ? "(no subject)" : message.Subject;
        page.Html("<p><a href=\"/_localaws/ses\">← all messages</a></p><table><tbody>");
        Row(page, "Message ID", message.MessageId);
        Row(page, "Sent (UTC)", Time(message.Timestamp));
        Row(page, "Region", message.Region);
        Row(page, "Content", message.TemplateName is null ? message.ContentKind : $"{message.ContentKind} ({message.TemplateName})");
        Row(page, "From", message.From);
        Row(page, "To", string.Join(", ", message.To));
        Row(page, "Cc", string.Join(", ", message.Cc));
        Row(page, "Bcc", string.Join(", ", message.Bcc));
        Row(page, "Reply-To", string.Join(", ", message.ReplyTo));
        Row(page, "Subject", message.Subject);
        if (message.EmailTags.Count > 0)
        {
            Row(page, "Tags", string.Join(", ", message.EmailTags.Select(t => $"{t.Key}={t.Value}")));
        }
        foreach (var header in message.Headers)
        {
            Row(page, header.Key, header.Value);
        }
        page.Html("</tbody></table>");
        if (message.Attachments.Count > 0)
        {
            page.Html("<h2>Attachments</h2><ul>");
            for (var i = 0; i < message.Attachments.Count; i++)
            {
                var attachment = message.Attachments[i];
                page.Html($"<li><a href=\"/_localaws/ses/messages/{Uri.EscapeDataString(message.MessageId)}/attachments/{i}\" download>")
                    .Text(attachment.FileName).Html("</a> <span class=\"muted\">").Text($"{attachment.ContentType}, {attachment.Content.Length:N0} bytes").Html("</span></li>");
            }
            page.Html("</ul>");
        }
        if (message.Raw is not null)
        {
            page.Html($"<p><a href=\"/_localaws/ses/messages/{Uri.EscapeDataString(message.MessageId)}.eml\">Download the raw MIME message (.eml)</a></p>");
        }
        if (message.Text is not null)
        {
            page.Html("<h2>Text</h2><pre class=\"email-text\">").Text(message.Text).Html("</pre>");
        }
        if (message.Html is not null)
        {
            page.Html("<h2>HTML</h2><iframe class=\"email-html\" title=\"HTML body\" sandbox=\"\" referrerpolicy=\"no-referrer\" style=\"width:100%;min-height:32rem;border:1px solid #d0d7de;background:#fff\" srcdoc=\"")
                .Text(message.Html).Html("\"></iframe>");
        }
    }

    private async Task<bool> WriteMessagesJsonAsync(HttpContext context)
    {
        long? since = null;
        var sinceText = context.Request.Query["since"].ToString();
        if (sinceText.Length > 0)
        {
            if (!long.TryParse(sinceText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message":"Bad since query param, expected integer representing epoch timestamp in seconds"}""");
                return true;
            }
            since = parsed;
        }

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("templates");
            foreach (var template in state.AllTemplates())
            {
                writer.WriteStartObject(template.Name);
                writer.WriteString("TemplateName", template.Name);
                writer.WriteString("Region", template.Region);
                writer.WriteStartObject("TemplateContent");
                writer.WriteString("Subject", template.Subject);
                writer.WriteString("Text", template.Text);
                writer.WriteString("Html", template.Html);
                writer.WriteEndObject();
                SesJson.WriteTimestamp(writer, "CreatedTimestamp", template.CreatedAt);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteStartArray("emails");
            foreach (var message in state.SentMessages().Where(m => since is null || m.Timestamp.ToUnixTimeSeconds() >= since))
            {
                WriteMessage(writer, message);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
        return true;
    }

    private static void WriteMessage(Utf8JsonWriter writer, SentEmail message)
    {
        writer.WriteStartObject();
        writer.WriteString("messageId", message.MessageId);
        writer.WriteString("from", message.From);
        SesJson.WriteStrings(writer, "replyTo", message.ReplyTo);
        writer.WriteStartObject("destination");
        SesJson.WriteStrings(writer, "to", message.To);
        SesJson.WriteStrings(writer, "cc", message.Cc);
        SesJson.WriteStrings(writer, "bcc", message.Bcc);
        writer.WriteEndObject();
        writer.WriteString("subject", message.Subject);
        writer.WriteStartObject("body");
        writer.WriteString("text", message.Text);
        writer.WriteString("html", message.Html);
        writer.WriteEndObject();
        writer.WriteNumber("at", message.Timestamp.ToUnixTimeSeconds());
        writer.WriteString("timestamp", message.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("region", message.Region);
        writer.WriteString("contentKind", message.ContentKind);
        writer.WriteString("templateName", message.TemplateName);
        SesJson.WriteTags(writer, "emailTags", "name", message.EmailTags, "value");
        SesJson.WriteTags(writer, "headers", "name", message.Headers, "value");
        writer.WriteStartArray("attachments");
        foreach (var attachment in message.Attachments)
        {
            writer.WriteStartObject();
            writer.WriteString("filename", attachment.FileName);
            writer.WriteString("contentType", attachment.ContentType);
            writer.WriteNumber("size", attachment.Content.Length);
            writer.WriteBase64String("content", attachment.Content);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (message.Raw is null)
        {
            writer.WriteNull("raw");
        }
        else
        {
            writer.WriteBase64String("raw", message.Raw);
        }
        writer.WriteEndObject();
    }

    private static void Row(LocalAwsPage page, string label, string? value) =>
        page.Html("<tr><th scope=\"row\">").Text(label).Html("</th><td>").Text(value).Html("</td></tr>");

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
