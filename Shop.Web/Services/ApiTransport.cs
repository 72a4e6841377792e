using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace Shop.Web.Services;

/// <summary>One call to the shop's API, as <see cref="ShopApiClient"/> builds it: the path is relative to the API base.</summary>
public sealed record ApiRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? BearerToken { get; init; }
    public string? IdempotencyKey { get; init; }

    /// <summary>A JSON body (sent as <c>application/json; charset=utf-8</c>), or null for none.</summary>
    public string? JsonBody { get; init; }
}

/// <summary>The API's answer: status code and body text.</summary>
public sealed record ApiResponse(int Status, string Body);

/// <summary>Carries <see cref="ApiRequest"/>s to the API. Throws <see cref="ApiUnreachableException"/> when nothing answered.</summary>
public interface IApiTransport
{
    Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken ct);
}

/// <summary>No answer came back at all: the network is down or the API is not running.</summary>
public sealed class ApiUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The browser's own <c>fetch</c> (through <c>globalThis.shopApi.send</c> in index.html). The app uses it instead of
/// HttpClient: System.Net.Http is about 52 kB (brotli) of every shopper's first download, and the browser already has it.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed partial class BrowserFetchTransport(Uri apiBase) : IApiTransport
{
    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        JSObject answer;
        try
        {
            answer = await Send(request.Method, new Uri(apiBase, request.Path).ToString(),
                request.BearerToken is null ? null : "Bearer " + request.BearerToken, request.IdempotencyKey, request.JsonBody);
        }
        catch (JSException e)
        {
            // fetch rejects only when no HTTP answer arrived (offline, refused, CORS): every status, even 5xx, resolves.
            throw new ApiUnreachableException(e.Message, e);
        }
        using (answer)
        {
            // fetch cannot be cancelled from here; a cancelled caller (a page that went away) just ignores the answer.
            ct.ThrowIfCancellationRequested();
            return new ApiResponse(answer.GetPropertyAsInt32("status"), answer.GetPropertyAsString("body") ?? "");
        }
    }

    [JSImport("globalThis.shopApi.send")]
    private static partial Task<JSObject> Send(string method, string url, string? authorization, string? idempotencyKey, string? jsonBody);
}
