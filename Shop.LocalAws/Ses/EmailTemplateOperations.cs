using System.Text.Json;

namespace Shop.LocalAws.Ses;

/// <summary>
/// CreateEmailTemplate, GetEmailTemplate, UpdateEmailTemplate, DeleteEmailTemplate and ListEmailTemplates,
/// so that SendEmail with Template content has templates to use.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailTemplate.html
/// </summary>
public sealed class EmailTemplateOperations(SesState state, TimeProvider clock)
{
    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailTemplate.html</summary>
    public void Create(string region, JsonElement body, Utf8JsonWriter output)
    {
        var name = SesJson.RequiredString(body, "TemplateName", "templateName");
        var template = ReadContent(region, name, SesJson.RequiredObject(body, "TemplateContent", "templateContent")) with
        {
            Tags = SesJson.Tags(body, "Tags", "Key"),
        };
        if (!state.TryAddTemplate(template))
        {
            throw SesErrors.AlreadyExists($"Template {name} already exists.");
        }
        WriteEmpty(output);
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailTemplate.html</summary>
    public void Get(string region, string name, Utf8JsonWriter output)
    {
        var template = state.FindTemplate(region, name) ?? throw NotFound(name);
        output.WriteStartObject();
        output.WriteString("TemplateName", template.Name);
        output.WriteStartObject("TemplateContent");
        WriteIfPresent(output, "Subject", template.Subject);
        WriteIfPresent(output, "Text", template.Text);
        WriteIfPresent(output, "Html", template.Html);
        output.WriteEndObject();
        SesJson.WriteTags(output, "Tags", "Key", template.Tags);
        output.WriteEndObject();
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_UpdateEmailTemplate.html</summary>
    public void Update(string region, string name, JsonElement body, Utf8JsonWriter output)
    {
        var existing = state.FindTemplate(region, name) ?? throw NotFound(name);
        var updated = ReadContent(region, name, SesJson.RequiredObject(body, "TemplateContent", "templateContent")) with
        {
            CreatedAt = existing.CreatedAt,
            Tags = existing.Tags,
        };
        if (!state.TryUpdateTemplate(updated))
        {
            throw NotFound(name);
        }
        WriteEmpty(output);
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteEmailTemplate.html</summary>
    public void Delete(string region, string name, Utf8JsonWriter output)
    {
        if (!state.TryDeleteTemplate(region, name))
        {
            throw NotFound(name);
        }
        WriteEmpty(output);
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailTemplates.html</summary>
    public void List(string region, SesPage page, Utf8JsonWriter output)
    {
        var (items, next) = page.Take(state.ListTemplates(region), t => t.Name, StringComparer.Ordinal);
        output.WriteStartObject();
        output.WriteStartArray("TemplatesMetadata");
        foreach (var template in items)
        {
            output.WriteStartObject();
            output.WriteString("TemplateName", template.Name);
            SesJson.WriteTimestamp(output, "CreatedTimestamp", template.CreatedAt);
            output.WriteEndObject();
        }
        output.WriteEndArray();
        if (next is not null)
        {
            output.WriteString("NextToken", next);
        }
        output.WriteEndObject();
    }

    internal static Protocol.AwsServiceException NotFound(string name) => SesErrors.NotFound($"Template {name} does not exist.");

    private EmailTemplate ReadContent(string region, string name, JsonElement content)
    {
        if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SesErrors.BadRequest("Template name must be 1 to 64 characters: letters, digits, hyphens and underscores.");
        }
        var template = new EmailTemplate
        {
            Region = region,
            Name = name,
            Subject = SesJson.OptionalString(content, "Subject"),
            Text = SesJson.OptionalString(content, "Text"),
            Html = SesJson.OptionalString(content, "Html"),
            CreatedAt = clock.GetUtcNow(),
        };
        foreach (var part in new[] { template.Subject, template.Text, template.Html })
        {
            if (EmailTemplateRenderer.Validate(part) is { } error)
            {
                throw SesErrors.BadRequest(error);
            }
        }
        return template;
    }

    private static void WriteIfPresent(Utf8JsonWriter output, string name, string? value)
    {
        if (value is not null)
        {
            output.WriteString(name, value);
        }
    }

    private static void WriteEmpty(Utf8JsonWriter output)
    {
        output.WriteStartObject();
        output.WriteEndObject();
    }
}
