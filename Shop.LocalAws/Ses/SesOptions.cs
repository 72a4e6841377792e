namespace Shop.LocalAws.Ses;

/// <summary>
/// How the local SES behaves where the real SES sandbox and a local developer's expectations part.
/// Bound from configuration section <c>LocalAws:Ses</c> (e.g. <c>--LocalAws:Ses:RequireVerifiedRecipients=true</c>).
/// </summary>
public sealed class SesOptions
{
    public const string SectionName = "LocalAws:Ses";

    /// <summary>
    /// The real sandbox also requires every recipient to be verified. Locally nothing is delivered, the shop mails
    /// whatever address a shopper types, and a sandbox account asks AWS for production access before launch, so the
    /// default (false) checks only the sender, which is the check a developer must never forget. Set true to
    /// reproduce a sandbox account exactly.
    /// See https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
    /// </summary>
    public bool RequireVerifiedRecipients { get; set; }
}
