using Shop.Functions.Aws.SesV2;
using Shop.Functions.Orders;

namespace Shop.Functions.Aws;

/// <summary>Sends order confirmations as plain-text SES v2 emails from the template's sender identity.</summary>
public sealed class SesOrderConfirmationSender(SesV2Client ses, string senderEmail) : IOrderConfirmationSender
{
    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var response = await ses.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = senderEmail,
            Destination = new Destination { ToAddresses = [message.To] },
            Content = new EmailContent
            {
                Simple = new Message
                {
                    Subject = new Content { Data = message.Subject, Charset = "UTF-8" },
                    Body = new Body { Text = new Content { Data = message.Body, Charset = "UTF-8" } },
                },
            },
        }, cancellationToken);
        return response.MessageId;
    }
}
