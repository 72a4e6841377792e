using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.LocalAws.Provisioning;

/// <summary>
/// Calls LocalAws's own wire APIs over HTTP, as any AWS client would, so provisioning and the event source pollers
/// depend on the services' protocols and not on their internals. Requests carry a SigV4-shaped Authorization header
/// naming the caller (LocalAws parses it for routing and the call log; it does not verify signatures).
/// </summary>
public sealed class LocalAwsWireClient(Uri baseAddress, string accessKeyId, string region) : IDisposable
{
    /// <summary>Marks LocalAws's calls to itself so its trace instrumentation can leave them out of the dashboard.</summary>
    public const string InternalCallHeader = "X-LocalAws-Internal";

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public Uri BaseAddress => baseAddress;

    /// <summary>A JSON-protocol call (DynamoDB <c>DynamoDB_20120810</c>, SQS <c>AmazonSQS</c>).</summary>
    public Task<WireResponse> JsonAsync(string service, string target, JsonObject body, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return SendAsync(request, service, cancellationToken);
    }

    /// <summary>A REST call (S3, SES v2).</summary>
    public Task<WireResponse> RestAsync(string service, HttpMethod method, string path, JsonObject? body = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return SendAsync(request, service, cancellationToken);
    }

    /// <summary>A REST call with an XML body (S3's request documents).</summary>
    public Task<WireResponse> RestXmlAsync(string service, HttpMethod method, string path, string xml, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(xml, Encoding.UTF8, "application/xml") }, service, cancellationToken);

    private async Task<WireResponse> SendAsync(HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        using (request)
        {
            var date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{date}/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
            request.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(InternalCallHeader, "1");
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new WireResponse((int)response.StatusCode, text, response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : null);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A wire response: status, body, and the error code when the service named one.</summary>
public sealed record WireResponse(int StatusCode, string Body, string? ErrorTypeHeader)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public JsonObject? Json => Body.Length > 0 && Body.TrimStart().StartsWith('{') ? JsonNode.Parse(Body) as JsonObject : null;

    /// <summary>The AWS error code from <c>__type</c> (JSON protocols), x-amzn-ErrorType (REST JSON) or &lt;Code&gt; (S3 XML).</summary>
    public string? ErrorCode
    {
        get
        {
            if (IsSuccess)
            {
                return null;
            }
            if (ErrorTypeHeader is { Length: > 0 })
            {
                return ErrorTypeHeader.Split(':')[0];
            }
            if (Json?["__type"]?.GetValue<string>() is { } type)
            {
                return type[(type.LastIndexOf('#') + 1)..];
            }
            var start = Body.IndexOf("<Code>", StringComparison.Ordinal);
            var end = Body.IndexOf("</Code>", StringComparison.Ordinal);
            return start >= 0 && end > start ? Body[(start + 6)..end] : null;
        }
    }
}
