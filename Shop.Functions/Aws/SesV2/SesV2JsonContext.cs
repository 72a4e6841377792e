using System.Text.Json.Serialization;

namespace Shop.Functions.Aws.SesV2;

/// <summary>
/// Source-generated JSON for the SES v2 wire records (no reflection: trimmed and AOT-friendly, faster cold starts).
/// Member names are AWS's own PascalCase, so no naming policy; absent optional members are left out as AWS SDKs do.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendEmailRequest))]
[JsonSerializable(typeof(SendEmailResponse))]
[JsonSerializable(typeof(CreateEmailIdentityRequest))]
[JsonSerializable(typeof(CreateEmailIdentityResponse))]
[JsonSerializable(typeof(GetEmailIdentityResponse))]
[JsonSerializable(typeof(ListEmailIdentitiesResponse))]
[JsonSerializable(typeof(CreateEmailTemplateRequest))]
[JsonSerializable(typeof(GetEmailTemplateResponse))]
[JsonSerializable(typeof(ListEmailTemplatesResponse))]
[JsonSerializable(typeof(UpdateEmailTemplateRequest))]
[JsonSerializable(typeof(GetAccountResponse))]
[JsonSerializable(typeof(SesV2ErrorBody))]
internal sealed partial class SesV2JsonContext : JsonSerializerContext;

/// <summary>
/// A REST JSON error body. SES answers <c>{"message": "..."}</c>; other AWS front ends and emulators spell it
/// <c>Message</c> and may add <c>__type</c> or <c>code</c>.
/// </summary>
internal sealed record SesV2ErrorBody
{
    [JsonPropertyName("message")]
    public string? LowerCaseMessage { get; init; }

    [JsonPropertyName("Message")]
    public string? Message { get; init; }

    [JsonPropertyName("__type")]
    public string? Type { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }
}
