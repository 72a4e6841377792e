using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Shop.Functions.Aws;

/// <summary>
/// Converting between the shop's values and DynamoDB attribute values. Numbers travel as decimal strings in both
/// directions, so money is never a binary float; timestamps are fixed-width UTC ISO-8601 strings, so they sort as text.
/// </summary>
internal static class DynamoDbValues
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Time(DateTimeOffset value) => S(TimeText(value));

    public static string TimeText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string String(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is not null
            ? value.S
            : throw new InvalidDataException($"Attribute {name} is missing or not a string.");

    public static string? OptionalString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static decimal Decimal(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null
            ? decimal.Parse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"Attribute {name} is missing or not a number.");

    public static int Int(this Dictionary<string, AttributeValue> item, string name) =>
        (int)item.Decimal(name);

    public static long Long(this Dictionary<string, AttributeValue> item, string name) =>
        (long)item.Decimal(name);

    public static DateTimeOffset Time(this Dictionary<string, AttributeValue> item, string name) =>
        ParseTime(item.String(name));

    public static DateTimeOffset? OptionalTime(this Dictionary<string, AttributeValue> item, string name) =>
        item.OptionalString(name) is { } text ? ParseTime(text) : null;

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>True for an item a GetItem found (the v4 SDK leaves absent collections null).</summary>
    public static bool Exists(Dictionary<string, AttributeValue>? item) => item is { Count: > 0 };
}
