using System.Security.Cryptography;
using System.Text.Json;

namespace Shop.LocalAws.Ses;

/// <summary>
/// CreateEmailIdentity, GetEmailIdentity, ListEmailIdentities and DeleteEmailIdentity. Locally an identity is
/// verified the moment it is created (no inbox to click a link in, no DNS to publish DKIM records to).
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html
/// </summary>
public sealed class EmailIdentityOperations(SesState state, TimeProvider clock)
{
    public const string EmailAddressType = "EMAIL_ADDRESS";
    public const string DomainType = "DOMAIN";

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html</summary>
    public void Create(string region, JsonElement body, Utf8JsonWriter output)
    {
        var name = SesJson.RequiredString(body, "EmailIdentity", "emailIdentity").Trim();
        var tags = SesJson.Tags(body, "Tags", "Key");
        var configurationSet = SesJson.OptionalString(body, "ConfigurationSetName");
        if (configurationSet is not null)
        {
            // LocalAws has no configuration sets, so every name is unknown, as it would be in a fresh account.
            throw SesErrors.NotFound($"Configuration set <{configurationSet}> does not exist.");
        }

        var identity = NewIdentity(region, name, tags);
        if (!state.TryAddIdentity(identity))
        {
            throw SesErrors.AlreadyExists($"Email identity {identity.Name} already exist.");
        }

        output.WriteStartObject();
        output.WriteString("IdentityType", identity.IdentityType);
        output.WriteBoolean("VerifiedForSendingStatus", true);
        if (identity.IdentityType == DomainType)
        {
            // AWS answers DKIM attributes for a new domain only; an address identity's come with GetEmailIdentity.
            WriteDkim(output, identity);
        }
        output.WriteEndObject();
    }

    /// <summary>
    /// Creates an identity unless it exists, for provisioning from infra/shop.template.yaml (AWS::SES::EmailIdentity).
    /// Returns false when it already existed; throws BadRequestException for an invalid address or domain.
    /// </summary>
    public bool Provision(string region, string name) => state.TryAddIdentity(NewIdentity(region, name.Trim(), []));

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html</summary>
    public void Get(string region, string name, Utf8JsonWriter output)
    {
        var identity = state.FindIdentity(region, name) ?? throw NotFound(name);
        output.WriteStartObject();
        output.WriteString("IdentityType", identity.IdentityType);
        output.WriteBoolean("FeedbackForwardingStatus", true);
        output.WriteBoolean("VerifiedForSendingStatus", true);
        WriteDkim(output, identity);
        output.WriteStartObject("MailFromAttributes");
        output.WriteString("BehaviorOnMxFailure", "USE_DEFAULT_VALUE");
        output.WriteEndObject();
        output.WriteStartObject("Policies");
        output.WriteEndObject();
        SesJson.WriteTags(output, "Tags", "Key", identity.Tags);
        output.WriteString("VerificationStatus", "SUCCESS");
        output.WriteStartObject("VerificationInfo");
        SesJson.WriteTimestamp(output, "LastCheckedTimestamp", identity.CreatedAt);
        SesJson.WriteTimestamp(output, "LastSuccessTimestamp", identity.CreatedAt);
        output.WriteEndObject();
        output.WriteEndObject();
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailIdentities.html</summary>
    public void List(string region, SesPage page, Utf8JsonWriter output)
    {
        var (items, next) = page.Take(state.ListIdentities(region), i => i.Name, StringComparer.OrdinalIgnoreCase);
        output.WriteStartObject();
        output.WriteStartArray("EmailIdentities");
        foreach (var identity in items)
        {
            output.WriteStartObject();
            output.WriteString("IdentityType", identity.IdentityType);
            output.WriteString("IdentityName", identity.Name);
            output.WriteBoolean("SendingEnabled", true);
            output.WriteString("VerificationStatus", "SUCCESS");
            output.WriteEndObject();
        }
        output.WriteEndArray();
        if (next is not null)
        {
            output.WriteString("NextToken", next);
        }
        output.WriteEndObject();
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteEmailIdentity.html</summary>
    public void Delete(string region, string name, Utf8JsonWriter output)
    {
        if (!state.TryDeleteIdentity(region, name))
        {
            throw NotFound(name);
        }
        output.WriteStartObject();
        output.WriteEndObject();
    }

    /// <summary>Validates an email address or domain as SES does and builds its identity (addresses keep their case, domains are lower-cased).</summary>
    private EmailIdentity NewIdentity(string region, string name, IReadOnlyList<SesTag> tags)
    {
        var isAddress = name.Contains('@', StringComparison.Ordinal);
        string? problem;
        if (isAddress)
        {
            problem = EmailAddress.TryParse(name, out var parsed, out var error) ? null : error;
            name = parsed?.Address ?? name;
        }
        else
        {
            problem = name.Length == 0 ? "Invalid email address ." : EmailAddress.CheckDomain(name) ?? (name.Contains('.', StringComparison.Ordinal) ? null : "Invalid domain name " + name + ".");
            name = name.ToLowerInvariant();
        }
        if (problem is not null)
        {
            throw SesErrors.BadRequest(problem);
        }
        return new EmailIdentity
        {
            Region = region,
            Name = name,
            IdentityType = isAddress ? EmailAddressType : DomainType,
            CreatedAt = clock.GetUtcNow(),
            Tags = tags,
            DkimTokens = isAddress ? [] : [Token(), Token(), Token()],
        };
    }

    private static Protocol.AwsServiceException NotFound(string name) => SesErrors.NotFound($"Email identity {name} does not exist.");

    /// <summary>
    /// Easy DKIM as AWS reports it: a domain signs with three published 2048-bit keys; an address identity reports
    /// signing not started (it is signed through its domain, if that is verified).
    /// </summary>
    private static void WriteDkim(Utf8JsonWriter output, EmailIdentity identity)
    {
        output.WriteStartObject("DkimAttributes");
        if (identity.IdentityType == DomainType)
        {
            output.WriteBoolean("SigningEnabled", true);
            output.WriteString("Status", "SUCCESS");
            SesJson.WriteStrings(output, "Tokens", identity.DkimTokens);
            output.WriteString("SigningAttributesOrigin", "AWS_SES");
            output.WriteString("NextSigningKeyLength", "RSA_2048_BIT");
            output.WriteString("CurrentSigningKeyLength", "RSA_2048_BIT");
            SesJson.WriteTimestamp(output, "LastKeyGenerationTimestamp", identity.CreatedAt);
        }
        else
        {
            output.WriteBoolean("SigningEnabled", false);
            output.WriteString("Status", "NOT_STARTED");
            output.WriteString("SigningAttributesOrigin", "AWS_SES");
            output.WriteString("NextSigningKeyLength", "RSA_1024_BIT");
        }
        output.WriteEndObject();
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
