using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace Shop.Functions.Aws.SesV2;

/// <summary>
/// A small typed client for the SES v2 REST JSON API (AWSSDK.SimpleEmailV2 is not on this project's package feed).
/// Requests are signed with Signature Version 4 by AWSSDK.Core's public standalone signer and sent through the
/// injected <see cref="HttpClient"/>, so OpenTelemetry's HttpClient instrumentation records each call as a client span.
/// Create one per process and reuse it. It does not retry: callers (SQS redelivery) decide what a failure means.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/Welcome.html
/// </summary>
public sealed class SesV2Client
{
    /// <summary>SES v2 signs as <c>ses</c>, not <c>sesv2</c> (the service model's signingName).</summary>
    public const string SigningName = "ses";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly HttpClient _http;
    private readonly SesV2ClientOptions _options;
    private readonly RegionEndpoint _region;
    private readonly string _baseUrl;
    private readonly SemaphoreSlim _credentialsGate = new(1, 1);
    private AWSCredentials? _credentials;

    public SesV2Client(HttpClient http, SesV2ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _region = RegionEndpoint.GetBySystemName(options.Region);
        _credentials = options.Credentials;
        _baseUrl = options.Endpoint.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html</summary>
    public Task<SendEmailResponse> SendEmailAsync(SendEmailRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v2/email/outbound-emails", Body(request, SesV2JsonContext.Default.SendEmailRequest), SesV2JsonContext.Default.SendEmailResponse, cancellationToken)!;

    /// <summary>Creates an email address or domain identity. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html</summary>
    public Task<CreateEmailIdentityResponse> CreateEmailIdentityAsync(string identity, CancellationToken cancellationToken = default) =>
        CreateEmailIdentityAsync(new CreateEmailIdentityRequest { EmailIdentity = identity }, cancellationToken);

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html</summary>
    public Task<CreateEmailIdentityResponse> CreateEmailIdentityAsync(CreateEmailIdentityRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v2/email/identities", Body(request, SesV2JsonContext.Default.CreateEmailIdentityRequest), SesV2JsonContext.Default.CreateEmailIdentityResponse, cancellationToken)!;

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html</summary>
    public Task<GetEmailIdentityResponse> GetEmailIdentityAsync(string identity, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v2/email/identities/" + Segment(identity), null, SesV2JsonContext.Default.GetEmailIdentityResponse, cancellationToken)!;

    /// <summary>One page of identities. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailIdentities.html</summary>
    public Task<ListEmailIdentitiesResponse> ListEmailIdentitiesAsync(string? nextToken = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v2/email/identities" + Page(nextToken, pageSize), null, SesV2JsonContext.Default.ListEmailIdentitiesResponse, cancellationToken)!;

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteEmailIdentity.html</summary>
    public Task DeleteEmailIdentityAsync(string identity, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, "/v2/email/identities/" + Segment(identity), null, null, cancellationToken);

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailTemplate.html</summary>
    public Task CreateEmailTemplateAsync(CreateEmailTemplateRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Post, "/v2/email/templates", Body(request, SesV2JsonContext.Default.CreateEmailTemplateRequest), null, cancellationToken);

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailTemplate.html</summary>
    public Task<GetEmailTemplateResponse> GetEmailTemplateAsync(string templateName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v2/email/templates/" + Segment(templateName), null, SesV2JsonContext.Default.GetEmailTemplateResponse, cancellationToken)!;

    /// <summary>One page of templates. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailTemplates.html</summary>
    public Task<ListEmailTemplatesResponse> ListEmailTemplatesAsync(string? nextToken = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v2/email/templates" + Page(nextToken, pageSize), null, SesV2JsonContext.Default.ListEmailTemplatesResponse, cancellationToken)!;

    /// <summary>Replaces a template's subject, text and HTML. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_UpdateEmailTemplate.html</summary>
    public Task UpdateEmailTemplateAsync(string templateName, EmailTemplateContent content, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Put, "/v2/email/templates/" + Segment(templateName), Body(new UpdateEmailTemplateRequest { TemplateContent = content }, SesV2JsonContext.Default.UpdateEmailTemplateRequest), null, cancellationToken);

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html</summary>
    public Task<GetAccountResponse> GetAccountAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v2/email/account", null, SesV2JsonContext.Default.GetAccountResponse, cancellationToken)!;

    /// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteEmailTemplate.html</summary>
    public Task DeleteEmailTemplateAsync(string templateName, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, "/v2/email/templates/" + Segment(templateName), null, null, cancellationToken);

    private static byte[] Body<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static string Page(string? nextToken, int? pageSize)
    {
        var query = new List<string>(2);
        if (nextToken is not null)
        {
            query.Add("NextToken=" + Uri.EscapeDataString(nextToken));
        }
        if (pageSize is { } size)
        {
            query.Add("PageSize=" + size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return query.Count == 0 ? string.Empty : "?" + string.Join('&', query);
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string pathAndQuery, byte[]? body, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken)
        where T : class
    {
        var uri = new Uri(_baseUrl + pathAndQuery, UriKind.Absolute);
        using var message = new HttpRequestMessage(method, uri);
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = body ?? [] };
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = JsonMediaType;
        }

        var signature = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = await GetCredentialsAsync(cancellationToken).ConfigureAwait(false),
            Region = _region,
            Service = SigningName,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in signature.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw ReadError(response, payload);
        }
        if (responseType is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(payload, responseType)
                ?? throw new SesV2Exception("InvalidResponse", "SES answered an empty body.", response.StatusCode);
        }
        catch (JsonException error)
        {
            throw new SesV2Exception($"SES answered {(int)response.StatusCode} with a body that is not the expected JSON: {error.Message}", error);
        }
    }

    private async ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is { } known)
        {
            return known;
        }
        await _credentialsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The resolved object refreshes itself (e.g. container or instance credentials), so resolving once is enough.
            return _credentials ??= await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _credentialsGate.Release();
        }
    }

    /// <summary>
    /// Reads a REST JSON error: the code from <c>x-amzn-ErrorType</c> (which may carry a <c>:namespace-url</c> suffix),
    /// else from the body's <c>__type</c> (which may carry a <c>namespace#</c> prefix) or <c>code</c>.
    /// See https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
    /// </summary>
    internal static SesV2Exception ReadError(HttpResponseMessage response, byte[] payload)
    {
        SesV2ErrorBody? body = null;
        if (payload.Length > 0)
        {
            try
            {
                body = JsonSerializer.Deserialize(payload, SesV2JsonContext.Default.SesV2ErrorBody);
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, for instance): the status code still says what happened.
            }
        }

        var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
        code ??= body?.Type ?? body?.Code;
        code = string.IsNullOrEmpty(code) ? DefaultCode(response.StatusCode) : Sanitize(code);
        var message = body?.LowerCaseMessage ?? body?.Message ?? response.ReasonPhrase ?? string.Empty;
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        return new SesV2Exception(code, message, response.StatusCode, requestId);
    }

    private static string Sanitize(string code)
    {
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }
        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string DefaultCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => "NotFoundException",
        HttpStatusCode.TooManyRequests => "TooManyRequestsException",
        >= HttpStatusCode.InternalServerError => "InternalServiceErrorException",
        _ => "BadRequestException",
    };
}
