using Microsoft.JSInterop;

namespace Shop.Web.Services;

/// <summary>Keeps the guest session in localStorage so a returning shopper keeps their cart and orders.</summary>
public sealed class SessionStore(IJSRuntime js)
{
    private const string TokenKey = "shop.session.token";
    private const string UserKey = "shop.session.userId";

    public async ValueTask<GuestSession?> LoadAsync()
    {
        var token = await js.InvokeAsync<string?>("localStorage.getItem", TokenKey);
        var userId = await js.InvokeAsync<string?>("localStorage.getItem", UserKey);
        return string.IsNullOrEmpty(token) || string.IsNullOrEmpty(userId) ? null : new GuestSession { UserId = userId, Token = token };
    }

    public async ValueTask SaveAsync(GuestSession session)
    {
        await js.InvokeVoidAsync("localStorage.setItem", TokenKey, session.Token);
        await js.InvokeVoidAsync("localStorage.setItem", UserKey, session.UserId);
    }

    public async ValueTask ClearAsync()
    {
        await js.InvokeVoidAsync("localStorage.removeItem", TokenKey);
        await js.InvokeVoidAsync("localStorage.removeItem", UserKey);
    }
}
