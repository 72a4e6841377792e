using System.Diagnostics.CodeAnalysis;

namespace Shop.Functions;

/// <summary>
/// What a product or order id may be. The catalog's ids are held to it, and the DynamoDB stores answer a longer id
/// taken from a request as unknown without asking: DynamoDB would refuse it instead, as a key holds at most 2,048 bytes
/// (partition key) or 1,024 (sort key), and a product id is the sort key of a cart line.
/// </summary>
public static class IdText
{
    /// <summary>128 characters are at most 512 bytes of UTF-8, within every key an id is part of.</summary>
    public const int MaxLength = 128;

    public static bool CouldBeId([NotNullWhen(true)] string? text) => !string.IsNullOrEmpty(text) && text.Length <= MaxLength;
}
