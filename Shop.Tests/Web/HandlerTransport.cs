using System.Net.Http.Headers;
using System.Text;
using Shop.Web.Services;

namespace Shop.Tests.Web;

/// <summary>
/// The API client's transport over an <see cref="HttpMessageHandler"/> (the app itself uses the browser's fetch), so
/// component tests run the real <see cref="ShopApiClient"/> against <see cref="FakeShopApi"/>. It sends what the fetch
/// transport sends: the bearer token, the idempotency key and a UTF-8 JSON body.
/// </summary>
public sealed class HandlerTransport(HttpMessageHandler handler, Uri apiBase) : IApiTransport
{
    private readonly HttpClient _http = new(handler, disposeHandler: false) { BaseAddress = apiBase };

    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.BearerToken is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.BearerToken);
        if (request.IdempotencyKey is not null) message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        if (request.JsonBody is not null) message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.SendAsync(message, ct);
            return new ApiResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            throw new ApiUnreachableException(e.Message, e);
        }
    }
}
