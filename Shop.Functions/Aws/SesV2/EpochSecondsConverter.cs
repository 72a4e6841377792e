using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Functions.Aws.SesV2;

/// <summary>
/// REST JSON services send timestamps as epoch seconds (a number, possibly fractional), not ISO 8601 strings.
/// See https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#shape-serialization
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(reader.GetDouble() * 1000)),
        // Some emulators answer ISO 8601; accept it rather than fail on a field the shop never needs exactly.
        JsonTokenType.String => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture),
        _ => throw new JsonException($"Expected epoch seconds, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteNumberValue(value.Value.ToUnixTimeMilliseconds() / 1000m);
    }
}
