namespace Shop.Functions.Aws.SesV2;

// Wire records of the SES v2 email-identity operations, named as the API reference names them.
// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html

/// <summary>The body of <c>POST /v2/email/identities</c>: an email address or a domain.</summary>
public sealed record CreateEmailIdentityRequest
{
    public required string EmailIdentity { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
    public string? ConfigurationSetName { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html#API_CreateEmailIdentity_ResponseSyntax</summary>
public sealed record CreateEmailIdentityResponse
{
    /// <summary><c>EMAIL_ADDRESS</c>, <c>DOMAIN</c> or <c>MANAGED_DOMAIN</c>.</summary>
    public string? IdentityType { get; init; }
    public bool VerifiedForSendingStatus { get; init; }
    public DkimAttributes? DkimAttributes { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html#API_GetEmailIdentity_ResponseSyntax</summary>
public sealed record GetEmailIdentityResponse
{
    public string? IdentityType { get; init; }
    public bool FeedbackForwardingStatus { get; init; }
    public bool VerifiedForSendingStatus { get; init; }
    public DkimAttributes? DkimAttributes { get; init; }
    public IReadOnlyDictionary<string, string>? Policies { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
    public string? ConfigurationSetName { get; init; }

    /// <summary><c>PENDING</c>, <c>SUCCESS</c>, <c>FAILED</c>, <c>TEMPORARY_FAILURE</c> or <c>NOT_STARTED</c>.</summary>
    public string? VerificationStatus { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html</summary>
public sealed record DkimAttributes
{
    public bool SigningEnabled { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<string>? Tokens { get; init; }
    public string? SigningAttributesOrigin { get; init; }
    public string? NextSigningKeyLength { get; init; }
    public string? CurrentSigningKeyLength { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailIdentities.html#API_ListEmailIdentities_ResponseSyntax</summary>
public sealed record ListEmailIdentitiesResponse
{
    public IReadOnlyList<IdentityInfo> EmailIdentities { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_IdentityInfo.html</summary>
public sealed record IdentityInfo
{
    public string? IdentityType { get; init; }
    public required string IdentityName { get; init; }
    public bool SendingEnabled { get; init; }
    public string? VerificationStatus { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Tag.html</summary>
public sealed record Tag
{
    public required string Key { get; init; }
    public required string Value { get; init; }
}
