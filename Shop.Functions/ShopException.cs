namespace Shop.Functions;

/// <summary>What kind of refusal an error is; the API maps each kind to one HTTP status (see <c>Api/ApiErrors</c>).</summary>
public enum ShopErrorKind
{
    /// <summary>The request cannot be read: not JSON, wrong JSON types, a broken cursor (400).</summary>
    Malformed,

    /// <summary>No session token, or one that is forged or expired (401).</summary>
    Unauthorized,

    /// <summary>The request names a user other than the session's (403).</summary>
    Forbidden,

    /// <summary>The thing addressed does not exist for this user (404).</summary>
    NotFound,

    /// <summary>The request is valid but the current state forbids it: an empty cart, not enough stock (409).</summary>
    Conflict,

    /// <summary>The body is larger than the API accepts (413).</summary>
    PayloadTooLarge,

    /// <summary>Readable, but the values are not acceptable: a missing field, a quantity of zero (422).</summary>
    Invalid,
}

/// <summary>
/// A refusal the shop explains to its caller: a stable machine-readable <see cref="Code"/> and a human message.
/// Services throw it before they write anything, so a refused request changes nothing.
/// </summary>
public sealed class ShopException(ShopErrorKind kind, string code, string message) : Exception(message)
{
    public ShopErrorKind Kind { get; } = kind;

    /// <summary>A snake_case code clients can branch on, e.g. <c>cart_empty</c>.</summary>
    public string Code { get; } = code;

    public static ShopException Invalid(string code, string message) => new(ShopErrorKind.Invalid, code, message);

    public static ShopException NotFound(string what) => new(ShopErrorKind.NotFound, "not_found", what + " was not found.");
}
