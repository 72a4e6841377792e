using System.Net;

namespace Shop.Web.Services;

/// <summary>An API call that did not succeed, with a message fit to show a shopper.</summary>
public sealed class ShopApiException(HttpStatusCode? status, string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Null when no answer came back at all (network down, API not running).</summary>
    public HttpStatusCode? Status { get; } = status;
    public string Code { get; } = code;

    public bool IsUnreachable => Status is null;

    /// <summary>Worth trying again later: nothing answered, or the server failed rather than refused.</summary>
    public bool IsTransient => Status is null || (int)Status >= 500;

    internal static ShopApiException Unreachable(Exception inner) => new(
        null, "unreachable", "We can't reach the shop right now. Check your connection and try again.", inner);
}
