using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Functions.Aws.SesV2;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Ses;

/// <summary>The shop's own SES v2 client pointed at an in-test LocalAws (or an oracle), and the sent-mail read endpoint.</summary>
internal static class SesTestSupport
{
    public static SesV2Client CreateSesClient(this LocalAwsFixture localAws) => CreateSesClient(localAws.BaseUrl);

    public static SesV2Client CreateSesClient(Uri serviceUrl, string region = LocalAwsFixture.Region) =>
        new(new HttpClient(), new SesV2ClientOptions { Region = region, ServiceUrl = serviceUrl, Credentials = LocalAwsFixture.Credentials });

    /// <summary>A unique, syntactically valid address on a unique domain, so tests never see each other's identities.</summary>
    public static string UniqueAddress(string local = "sender") => $"{local}@{Guid.NewGuid():N}.example.com";

    public static SendEmailRequest SimpleEmail(string from, params string[] to) => new()
    {
        FromEmailAddress = from,
        Destination = new Destination { ToAddresses = to },
        Content = new EmailContent
        {
            Simple = new Message
            {
                Subject = new Content { Data = "Order confirmed" },
                Body = new Body { Text = new Content { Data = "Thank you for your order." } },
            },
        },
    };

    public static async Task<StoredEmail> SentMessageAsync(this LocalAwsFixture localAws, string messageId)
    {
        using var http = localAws.CreateHttpClient();
        var store = await http.GetFromJsonAsync<MailStore>("/_localaws/ses/messages.json");
        return Assert.Single(store!.Emails, e => e.MessageId == messageId);
    }

    public static async Task<int> SentMessageCountAsync(this LocalAwsFixture localAws)
    {
        using var http = localAws.CreateHttpClient();
        var store = await http.GetFromJsonAsync<MailStore>("/_localaws/ses/messages.json");
        return store!.Emails.Count;
    }

    /// <summary>The <c>GET /store</c> shape of aws-ses-v2-local, which /_localaws/ses/messages.json also speaks.</summary>
    public sealed record MailStore([property: JsonPropertyName("emails")] List<StoredEmail> Emails);

    public sealed record StoredEmail(
        [property: JsonPropertyName("messageId")] string MessageId,
        [property: JsonPropertyName("from")] string From,
        [property: JsonPropertyName("replyTo")] List<string> ReplyTo,
        [property: JsonPropertyName("destination")] StoredDestination Destination,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("body")] StoredBody Body,
        [property: JsonPropertyName("at")] long At,
        [property: JsonPropertyName("raw")] string? Raw = null,
        [property: JsonPropertyName("templateName")] string? TemplateName = null,
        [property: JsonPropertyName("attachments")] List<StoredAttachment>? Attachments = null,
        [property: JsonPropertyName("headers")] List<StoredHeader>? Headers = null);

    public sealed record StoredAttachment(
        [property: JsonPropertyName("filename")] string FileName,
        [property: JsonPropertyName("contentType")] string ContentType,
        [property: JsonPropertyName("content")] string Content);

    public sealed record StoredHeader([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("value")] string Value);

    public sealed record StoredDestination(
        [property: JsonPropertyName("to")] List<string> To,
        [property: JsonPropertyName("cc")] List<string> Cc,
        [property: JsonPropertyName("bcc")] List<string> Bcc);

    public sealed record StoredBody(
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("html")] string? Html);

    /// <summary>Sends a request with a hand-written JSON body (shapes the typed client cannot express), signed as the SDKs sign.</summary>
    public static async Task<(int Status, string? ErrorType, string Body)> SendRawJsonAsync(Uri baseUrl, HttpMethod method, string path, string? json)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        // Any SigV4 credential scope for ses; LocalAws (and aws-ses-v2-local) parse but do not verify signatures.
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20260101/us-east-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        using var response = await http.SendAsync(request);
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : null;
        return ((int)response.StatusCode, errorType, await response.Content.ReadAsStringAsync());
    }

    public static string? MessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
