using System.Text.Json;
using System.Text.Unicode;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// JSON that System.Text.Json parses but cannot read as text: bytes that are not UTF-8, or a <c>\uD800</c> escape
/// without its other half. Parsing succeeds and reading the string throws later, halfway through an operation, so
/// the JSON protocols check a body before they parse it and refuse it as the malformed JSON it is.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// True when <paramref name="json"/> has a string or member name that cannot be read as text. Cheap for what SDKs
    /// send: a vectorised UTF-8 check, and a walk over the tokens only when the body has a <c>\u</c> escape at all.
    /// Malformed JSON is not this method's to report (false): the parse that follows reports it.
    /// </summary>
    public static bool HasUnreadableText(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            return true;
        }
        if (json.IndexOf(@"\u"u8) < 0)
        {
            return false;
        }
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        return false;
    }
}
