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

        var identity = new EmailIdentity
        {
            Region = region,
            Name = name,
            IdentityType = isAddress ? EmailAddressType : DomainType,
            CreatedAt = clock.GetUtcNow(),
            Tags = tags,
            DkimTokens = isAddress ? [] : [Token(), Token(), Token()],
        };
        if (!state.TryAddIdentity(identity))
        {
            throw SesErrors.AlreadyExists($"Email identity {name} already exist.");
        }

        output.WriteStartObject();
        output.WriteString("IdentityType", identity.IdentityType);
        output.WriteBoolean("VerifiedForSendingStatus", true);
        WriteDkim(output, identity);
        output.WriteEndObject();
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html</summary>
    public void Get(string region, string name, Utf8JsonWriter output)
    {
        var identity = state.FindIdentity(region, name) ?? throw NotFound(name);
        output.WriteStartObject();
        output.WriteString("IdentityType", identity.IdentityType);
        output.WriteBoolean("FeedbackForwardingStatus", true);
        output.WriteBoolean("VerifiedForSendingStatus", true);
        WriteDkim(output, identity);
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

    private static Protocol.AwsServiceException NotFound(string name) => SesErrors.NotFound($"Email identity {name} does not exist.");

    /// <summary>Easy DKIM as AWS reports it: domains sign with three published keys, addresses inherit their domain's.</summary>
    private static void WriteDkim(Utf8JsonWriter output, EmailIdentity identity)
    {
        var domain = identity.IdentityType == DomainType;
        output.WriteStartObject("DkimAttributes");
        output.WriteBoolean("SigningEnabled", domain);
        output.WriteString("Status", domain ? "SUCCESS" : "NOT_STARTED");
        SesJson.WriteStrings(output, "Tokens", identity.DkimTokens);
        output.WriteString("SigningAttributesOrigin", "AWS_SES");
        output.WriteString("NextSigningKeyLength", "RSA_2048_BIT");
        output.WriteString("CurrentSigningKeyLength", "RSA_2048_BIT");
        SesJson.WriteTimestamp(output, "LastKeyGenerationTimestamp", identity.CreatedAt);
        output.WriteEndObject();
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
