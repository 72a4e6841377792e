using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Shop.Functions.Aws.SesV2;
using Shop.LocalAws.Protocol;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Ses;

public class SesV2SendEmailTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private async Task<string> VerifiedSenderAsync()
    {
        var sender = SesTestSupport.UniqueAddress("orders");
        await localAws.CreateSesClient().CreateEmailIdentityAsync(sender);
        return sender;
    }

    [Fact]
    public async Task A_simple_email_is_kept_with_its_recipients_reply_to_subject_and_both_bodies()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();

        var response = await ses.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = $"\"Shop\" <{sender}>",
            Destination = new Destination
            {
                ToAddresses = ["ann@example.com", "bob@example.com"],
                CcAddresses = ["carol@example.com"],
                BccAddresses = ["audit@example.com"],
            },
            ReplyToAddresses = ["help@example.com"],
            Content = new EmailContent
            {
                Simple = new Message
                {
                    Subject = new Content { Data = "Order 42 confirmed ✓", Charset = "UTF-8" },
                    Body = new Body
                    {
                        Text = new Content { Data = "Total: €12.50" },
                        Html = new Content { Data = "<p>Total: <b>€12.50</b></p>" },
                    },
                },
            },
            EmailTags = [new MessageTag { Name = "kind", Value = "order-confirmation" }],
        });

        Assert.Matches("^0100[0-9a-f]{12}-[0-9a-f-]{36}-000000$", response.MessageId);
        var stored = await localAws.SentMessageAsync(response.MessageId);
        Assert.Equal($"\"Shop\" <{sender}>", stored.From);
        Assert.Equal(["ann@example.com", "bob@example.com"], stored.Destination.To);
        Assert.Equal(["carol@example.com"], stored.Destination.Cc);
        Assert.Equal(["audit@example.com"], stored.Destination.Bcc);
        Assert.Equal(["help@example.com"], stored.ReplyTo);
        Assert.Equal("Order 42 confirmed ✓", stored.Subject);
        Assert.Equal("Total: €12.50", stored.Body.Text);
        Assert.Equal("<p>Total: <b>€12.50</b></p>", stored.Body.Html);
        Assert.Null(stored.Raw);
        Assert.InRange(stored.At, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task LocalAws_reads_the_clients_sigv4_credential_and_logs_the_call_under_its_access_key()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();

        await ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, "ann@example.com"));

        var calls = localAws.App.Services.GetRequiredService<AwsCallLog>().Snapshot();
        var call = Assert.Single(calls, c => c.Operation == "SendEmail" && c.Resource == sender);
        Assert.Equal(("AKIDLOCALTEST", "ses", 200), (call.AccessKeyId, call.Service, call.StatusCode));
    }

    [Fact]
    public async Task A_raw_email_is_read_for_display_and_kept_byte_for_byte()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var mime = string.Join("\r\n",
            $"From: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes("Shöp"))}?= <{sender}>",
            "To: Ann <ann@example.com>, \"Lee, Bob\" <bob@example.com>",
            "Cc: carol@example.com",
            "Subject: =?UTF-8?Q?Invoice_=E2=82=AC12?=",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            "",
            "--outer",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Total =E2=82=AC12, thank you for shopping with us and have a very nice day=",
            " today.",
            "--inner",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("<p>Total €12</p>")),
            "--inner--",
            "--outer",
            "Content-Type: text/plain; name=invoice.txt",
            "Content-Disposition: attachment; filename=invoice.txt",
            "",
            "not the body",
            "--outer--",
            "");
        var bytes = Encoding.UTF8.GetBytes(mime);

        var response = await ses.SendEmailAsync(new SendEmailRequest { Content = new EmailContent { Raw = new RawMessage { Data = bytes } } });

        var stored = await localAws.SentMessageAsync(response.MessageId);
        Assert.Equal($"Shöp <{sender}>", stored.From);
        Assert.Equal(["Ann <ann@example.com>", "\"Lee, Bob\" <bob@example.com>"], stored.Destination.To);
        Assert.Equal(["carol@example.com"], stored.Destination.Cc);
        Assert.Equal("Invoice €12", stored.Subject);
        Assert.Equal("Total €12, thank you for shopping with us and have a very nice day today.", stored.Body.Text);
        Assert.Equal("<p>Total €12</p>", stored.Body.Html);
        Assert.Equal(bytes, Convert.FromBase64String(stored.Raw!));
        var attachment = Assert.Single(stored.Attachments!);
        Assert.Equal(("invoice.txt", "text/plain"), (attachment.FileName, attachment.ContentType));
        Assert.Equal("not the body", Encoding.UTF8.GetString(Convert.FromBase64String(attachment.Content)));
    }

    [Fact]
    public async Task Attachments_and_headers_of_a_simple_email_are_kept_and_downloadable()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var invoice = Encoding.UTF8.GetBytes("Invoice o-9\nTotal 12.50\n");
        var request = SesTestSupport.SimpleEmail(sender, "ann@example.com");
        var response = await ses.SendEmailAsync(request with
        {
            Content = new EmailContent
            {
                Simple = request.Content.Simple! with
                {
                    Headers = [new MessageHeader { Name = "X-Order-Id", Value = "o-9" }],
                    Attachments = [new Attachment { FileName = "invoice-o-9.txt", ContentType = "text/plain", RawContent = invoice }],
                },
            },
        });

        var stored = await localAws.SentMessageAsync(response.MessageId);
        Assert.Equal(("X-Order-Id", "o-9"), (Assert.Single(stored.Headers!).Name, stored.Headers![0].Value));
        var attachment = Assert.Single(stored.Attachments!);
        Assert.Equal("invoice-o-9.txt", attachment.FileName);
        Assert.Equal(invoice, Convert.FromBase64String(attachment.Content));

        using var http = localAws.CreateHttpClient();
        var download = await http.GetAsync($"/_localaws/ses/messages/{response.MessageId}/attachments/0");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(invoice, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/_localaws/ses/messages/{response.MessageId}/attachments/1")).StatusCode);
    }

    [Fact]
    public async Task A_raw_email_with_a_destination_goes_to_the_destination_not_the_headers()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var mime = Encoding.UTF8.GetBytes($"From: {sender}\r\nTo: header@example.com\r\nSubject: Hi\r\n\r\nHello");

        var response = await ses.SendEmailAsync(new SendEmailRequest
        {
            Destination = new Destination { BccAddresses = ["envelope@example.com"] },
            Content = new EmailContent { Raw = new RawMessage { Data = mime } },
        });

        var stored = await localAws.SentMessageAsync(response.MessageId);
        Assert.Empty(stored.Destination.To);
        Assert.Equal(["envelope@example.com"], stored.Destination.Bcc);
        Assert.Equal("Hello", stored.Body.Text);
    }

    [Fact]
    public async Task A_template_email_substitutes_the_template_data()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var templateName = "order-" + Guid.NewGuid().ToString("N");
        await ses.CreateEmailTemplateAsync(new CreateEmailTemplateRequest
        {
            TemplateName = templateName,
            TemplateContent = new EmailTemplateContent
            {
                Subject = "Order {{orderId}} for {{ customer.name }}",
                Text = "{{#each items}}{{name}} x{{quantity}}\n{{/each}}Total {{total}}{{#if note}} ({{note}}){{/if}}{{missing}}",
                Html = "<h1>{{{customer.name}}}</h1>",
            },
        });

        var response = await ses.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = sender,
            Destination = new Destination { ToAddresses = ["ann@example.com"] },
            Content = new EmailContent
            {
                Template = new Template
                {
                    TemplateName = templateName,
                    TemplateData = """{"orderId":"o-1","customer":{"name":"Ann <A>"},"items":[{"name":"Lamp","quantity":2},{"name":"Mug","quantity":1}],"total":"12.50"}""",
                },
            },
        });

        var stored = await localAws.SentMessageAsync(response.MessageId);
        Assert.Equal("Order o-1 for Ann <A>", stored.Subject);
        Assert.Equal("Lamp x2\nMug x1\nTotal 12.50", stored.Body.Text);
        Assert.Equal("<h1>Ann <A></h1>", stored.Body.Html);
        Assert.Equal(templateName, stored.TemplateName);
    }

    [Fact]
    public async Task Inline_template_content_needs_no_stored_template()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var response = await ses.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = sender,
            Destination = new Destination { ToAddresses = ["ann@example.com"] },
            Content = new EmailContent
            {
                Template = new Template
                {
                    TemplateContent = new EmailTemplateContent { Subject = "Hi {{name}}", Text = "Hello {{name}}" },
                    TemplateData = """{"name":"Ann"}""",
                },
            },
        });

        var stored = await localAws.SentMessageAsync(response.MessageId);
        Assert.Equal("Hi Ann", stored.Subject);
        Assert.Equal("Hello Ann", stored.Body.Text);
        Assert.Null(stored.Body.Html);
    }

    [Fact]
    public async Task An_unknown_template_is_NotFoundException()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = sender,
            Destination = new Destination { ToAddresses = ["ann@example.com"] },
            Content = new EmailContent { Template = new Template { TemplateName = "no-such-" + Guid.NewGuid().ToString("N"), TemplateData = "{}" } },
        }));
        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Templates_can_be_created_read_updated_listed_and_deleted()
    {
        var ses = localAws.CreateSesClient();
        var name = "crud-" + Guid.NewGuid().ToString("N");
        await ses.CreateEmailTemplateAsync(new CreateEmailTemplateRequest { TemplateName = name, TemplateContent = new EmailTemplateContent { Subject = "A", Text = "a" } });

        var duplicate = await Assert.ThrowsAsync<SesV2Exception>(() => ses.CreateEmailTemplateAsync(new CreateEmailTemplateRequest { TemplateName = name, TemplateContent = new EmailTemplateContent { Subject = "B" } }));
        Assert.Equal("AlreadyExistsException", duplicate.ErrorCode);

        var fetched = await ses.GetEmailTemplateAsync(name);
        Assert.Equal("A", fetched.TemplateContent.Subject);
        Assert.Equal("a", fetched.TemplateContent.Text);
        Assert.Null(fetched.TemplateContent.Html);

        await ses.UpdateEmailTemplateAsync(name, new EmailTemplateContent { Subject = "B", Html = "<b>b</b>" });
        var updated = await ses.GetEmailTemplateAsync(name);
        Assert.Equal(new EmailTemplateContent { Subject = "B", Html = "<b>b</b>" }, updated.TemplateContent);
        var missing = await Assert.ThrowsAsync<SesV2Exception>(() => ses.UpdateEmailTemplateAsync("no-such-" + Guid.NewGuid().ToString("N"), new EmailTemplateContent { Subject = "x" }));
        Assert.Equal("NotFoundException", missing.ErrorCode);

        var listed = await ses.ListEmailTemplatesAsync(pageSize: 100);
        Assert.Contains(listed.TemplatesMetadata, t => t.TemplateName == name && t.CreatedTimestamp is not null);

        await ses.DeleteEmailTemplateAsync(name);
        var gone = await Assert.ThrowsAsync<SesV2Exception>(() => ses.GetEmailTemplateAsync(name));
        Assert.Equal("NotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task A_template_that_does_not_parse_is_rejected_when_created()
    {
        var ses = localAws.CreateSesClient();
        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.CreateEmailTemplateAsync(new CreateEmailTemplateRequest
        {
            TemplateName = "broken-" + Guid.NewGuid().ToString("N"),
            TemplateContent = new EmailTemplateContent { Subject = "{{#if x}}never closed" },
        }));
        Assert.Equal("BadRequestException", error.ErrorCode);
    }

    [Fact]
    public async Task An_unverified_sender_is_rejected_as_in_the_sandbox_and_nothing_is_kept()
    {
        var ses = localAws.CreateSesClient();
        var sender = SesTestSupport.UniqueAddress("stranger");
        var before = await localAws.SentMessageCountAsync();

        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, "ann@example.com")));

        Assert.Equal("MessageRejected", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal($"Email address is not verified. The following identities failed the check in region US-EAST-1: {sender}", error.ErrorMessage);
        Assert.Equal(before, await localAws.SentMessageCountAsync());

        // SES names the sender as given, display name included.
        var named = await Assert.ThrowsAsync<SesV2Exception>(() => ses.SendEmailAsync(SesTestSupport.SimpleEmail($"Shop <{sender}>", "ann@example.com")));
        Assert.EndsWith($"US-EAST-1: Shop <{sender}>", named.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identities_belong_to_a_region()
    {
        var sender = await VerifiedSenderAsync();
        var otherRegion = SesTestSupport.CreateSesClient(localAws.BaseUrl, "eu-west-1");

        var error = await Assert.ThrowsAsync<SesV2Exception>(() => otherRegion.SendEmailAsync(SesTestSupport.SimpleEmail(sender, "ann@example.com")));

        Assert.Equal("MessageRejected", error.ErrorCode);
        Assert.EndsWith($"in region EU-WEST-1: {sender}", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_fifty_recipients_is_BadRequestException()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var request = SesTestSupport.SimpleEmail(sender, [.. Enumerable.Range(0, 30).Select(i => $"to{i}@example.com")]) with
        {
            Destination = new Destination
            {
                ToAddresses = [.. Enumerable.Range(0, 30).Select(i => $"to{i}@example.com")],
                BccAddresses = [.. Enumerable.Range(0, 21).Select(i => $"bcc{i}@example.com")],
            },
        };

        var error = await Assert.ThrowsAsync<SesV2Exception>(() => ses.SendEmailAsync(request));

        Assert.Equal("BadRequestException", error.ErrorCode);
        Assert.Equal("Recipient count exceeds 50.", error.ErrorMessage);
    }

    [Fact]
    public async Task Concurrent_sends_are_all_kept_with_distinct_message_ids()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, $"buyer{i}@example.com"))));

        var ids = responses.Select(r => r.MessageId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        using var http = localAws.CreateHttpClient();
        var store = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<SesTestSupport.MailStore>(http, "/_localaws/ses/messages.json");
        Assert.Equal(24, store!.Emails.Count(e => ids.Contains(e.MessageId)));
    }

    [Fact]
    public async Task Exactly_fifty_recipients_are_accepted()
    {
        var ses = localAws.CreateSesClient();
        var sender = await VerifiedSenderAsync();
        var response = await ses.SendEmailAsync(SesTestSupport.SimpleEmail(sender, [.. Enumerable.Range(0, 50).Select(i => $"to{i}@example.com")]));
        Assert.Equal(50, (await localAws.SentMessageAsync(response.MessageId)).Destination.To.Count);
    }

    public static TheoryData<string, string, string> InvalidRequests() => new()
    {
        // body, error code, message
        { """{"Destination":{"ToAddresses":["a@example.com"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "BadRequestException", "null" },
        { """{"Destination":{"ToAddresses":["a@example.com"]},"Content":{"Template":{"TemplateContent":{"Subject":"s","Text":"t"}}}}""", "BadRequestException", "Source cannot be empty" },
        { """{"Destination":{"ToAddresses":["a@example.com"]},"Content":{"Raw":{"Data":"U3ViamVjdDogeA0KDQpib2R5"}}}""", "BadRequestException", "Missing required header 'From'." },
        { """{"FromEmailAddress":"SENDER","Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "BadRequestException", "The message must have at least one recipient in ToAddresses, CcAddresses or BccAddresses." },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["not-an-address"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "BadRequestException", "Missing final '@domain'" },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":[""]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "BadRequestException", "Invalid email address ." },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]},"ReplyToAddresses":["x@y@z"],"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "BadRequestException", "Illegal address" },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]}}""", "BadRequestException", "1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null" },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]},"Content":{}}""", "BadRequestException", "The content of the message must contain exactly one of Simple, Raw or Template." },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}""", "BadRequestException", "The message body must contain Text, Html or both." },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]},"Content":{"Simple":{"Body":{"Text":{"Data":"t"}}}}}""", "BadRequestException", "1 validation error detected: Value null at 'content.simple.subject' failed to satisfy constraint: Member must not be null" },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":"a@example.com"},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "SerializationException", "Expected list for member ToAddresses, found JSON string." },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]},"ConfigurationSetName":"nope","Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""", "NotFoundException", "Configuration set <nope> does not exist." },
        { """{"Content":{"Raw":{"Data":"RAWNOTO"}}}""", "BadRequestException", "Missing required header 'To'." },
        { """{"Content":{"Raw":{"Data":"not base64!"}}}""", "SerializationException", "Content.Raw.Data must be a base64-encoded blob." },
        { """{"FromEmailAddress":"SENDER","Destination":{"ToAddresses":["a@example.com"]},"Content":{"Template":{"TemplateContent":{"Subject":"s","Text":"t"},"TemplateData":"[1]"}}}""", "BadRequestException", "Invalid TemplateData: it must be a JSON object." },
        { "{not json", "SerializationException", "" },
    };

    [Fact]
    public async Task Malformed_send_requests_get_aws_errors_and_change_nothing()
    {
        var sender = await VerifiedSenderAsync();
        var before = await localAws.SentMessageCountAsync();
        foreach (var row in InvalidRequests())
        {
            var (template, code, message) = ((string)row[0], (string)row[1], (string)row[2]);
            var body = template.Replace("SENDER", sender, StringComparison.Ordinal)
                .Replace("RAWNOTO", Convert.ToBase64String(Encoding.UTF8.GetBytes($"From: {sender}\r\nSubject: x\r\n\r\nbody")), StringComparison.Ordinal);
            var (status, errorType, responseBody) = await SesTestSupport.SendRawJsonAsync(localAws.BaseUrl, HttpMethod.Post, "/v2/email/outbound-emails", body);
            Assert.True(code == errorType, $"{body}\n→ {status} {errorType} {responseBody}");
            Assert.Equal(code == "NotFoundException" ? 404 : 400, status);
            if (message == "null")
            {
                Assert.Equal("""{"message":null}""", responseBody);
            }
            else if (message.Length > 0)
            {
                Assert.Equal(message, SesTestSupport.MessageOf(responseBody));
            }
        }
        Assert.Equal(before, await localAws.SentMessageCountAsync());
    }

    [Fact]
    public async Task An_ses_v1_query_request_is_an_InvalidAction_error_document()
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "SendEmail", ["Version"] = "2010-12-01" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=0");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>InvalidAction</Code>", body, StringComparison.Ordinal);
        Assert.StartsWith("<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/email/outbound-emails")]
    [InlineData("POST", "/v2/email/no-such-thing")]
    [InlineData("PATCH", "/v2/email/identities/a@example.com")]
    [InlineData("GET", "/v2/email/identities/a@example.com/extra")]
    [InlineData("POST", "/v2/email")]
    public async Task Methods_and_paths_that_name_no_operation_are_UnknownOperationException(string method, string path)
    {
        var (status, errorType, _) = await SesTestSupport.SendRawJsonAsync(localAws.BaseUrl, new HttpMethod(method), path, method == "GET" ? null : "{}");
        Assert.Equal(404, status);
        Assert.Equal("UnknownOperationException", errorType);
    }
}
