using Shop.Functions.Sessions;

namespace Shop.Functions.Api;

/// <summary>Who is calling: the subject of the <c>Authorization: Bearer</c> session token.</summary>
public sealed class SessionAuthentication(SessionTokens tokens)
{
    /// <summary>The caller's user id, or 401.</summary>
    public string Authenticate(ApiGatewayHttpRequest request)
    {
        var header = request.Header("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new ShopException(ShopErrorKind.Unauthorized, "unauthorized",
                "Send 'Authorization: Bearer <token>' with a token from POST /api/sessions.");
        }
        return tokens.Validate(header["Bearer ".Length..].Trim())
            ?? throw new ShopException(ShopErrorKind.Unauthorized, "invalid_token",
                "The session token is invalid or expired; create a new session with POST /api/sessions.");
    }

    /// <summary>
    /// The seed's payloads carry a userId; the session decides who the caller is, so a different one is refused (403).
    /// </summary>
    public static void RequireSameUser(string? claimedUserId, string sessionUserId)
    {
        if (claimedUserId is not null && claimedUserId != sessionUserId)
        {
            throw new ShopException(ShopErrorKind.Forbidden, "forbidden", "userId does not match the session's user.");
        }
    }
}
