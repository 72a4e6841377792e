namespace Shop.Web.Services;

/// <summary>
/// The checkout form's values and its rules. Checked in the browser so a shopper sees a mistake beside the field at
/// once; the API checks again (422) because a browser can be bypassed.
/// </summary>
public sealed class CheckoutForm
{
    public const int MaxLength = 200;

    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public string Line1 { get; set; } = "";
    public string City { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string Country { get; set; } = "";

    /// <summary>The fields in the order the form shows them, so the first error can take focus.</summary>
    public static IReadOnlyList<string> Fields { get; } = [nameof(Email), nameof(Name), nameof(Line1), nameof(City), nameof(PostalCode), nameof(Country)];

    /// <summary>The problem with one field, or null when it is fine.</summary>
    public string? ErrorFor(string field)
    {
        var value = ValueOf(field).Trim();
        if (value.Length == 0)
        {
            return field switch
            {
                nameof(Email) => "Enter your email address, so we can send your confirmation.",
                nameof(Name) => "Enter the name to deliver to.",
                nameof(Line1) => "Enter the street address.",
                nameof(City) => "Enter the city.",
                nameof(PostalCode) => "Enter the postal code.",
                _ => "Enter the country.",
            };
        }
        if (value.Length > MaxLength)
        {
            return $"Keep this under {MaxLength} characters.";
        }
        return field switch
        {
            nameof(Email) when !LooksLikeEmail(value) => "Enter an email address like name@example.com.",
            nameof(PostalCode) when !value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-') =>
                "Use only letters, digits, spaces and hyphens.",
            _ => null,
        };
    }

    public IReadOnlyDictionary<string, string> Validate() =>
        Fields.Select(field => (field, error: ErrorFor(field)))
            .Where(x => x.error is not null)
            .ToDictionary(x => x.field, x => x.error!);

    public PlaceOrderRequest ToRequest() => new()
    {
        Email = Email.Trim(),
        Shipping = new ShippingAddress
        {
            Name = Name.Trim(),
            Line1 = Line1.Trim(),
            City = City.Trim(),
            PostalCode = PostalCode.Trim(),
            Country = Country.Trim(),
        },
    };

    private string ValueOf(string field) => field switch
    {
        nameof(Email) => Email,
        nameof(Name) => Name,
        nameof(Line1) => Line1,
        nameof(City) => City,
        nameof(PostalCode) => PostalCode,
        nameof(Country) => Country,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a checkout field."),
    };

    // One @, something before it, a dot somewhere after it, no spaces: the mail server is the real judge.
    private static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@');
        return at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1
            && !value.EndsWith('.') && !value.Any(char.IsWhiteSpace);
    }
}
