using System.Globalization;

namespace Shop.Web.Services;

/// <summary>Formats prices without culture data (the app runs with invariant globalization to stay small).</summary>
public static class Money
{
    public static string Format(decimal amount, string? currency = "USD")
    {
        var number = amount.ToString("#,0.00", CultureInfo.InvariantCulture);
        return currency?.ToUpperInvariant() switch
        {
            null or "" or "USD" => "$" + number,
            "EUR" => "€" + number,
            "GBP" => "£" + number,
            var code => number + " " + code,
        };
    }
}
