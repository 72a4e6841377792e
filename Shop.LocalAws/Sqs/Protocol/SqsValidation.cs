using System.Globalization;
using System.Text;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Protocol;

/// <summary>Checks shared by several SQS actions, with AWS's messages.</summary>
public static class SqsValidation
{
    public static void QueueName(string name)
    {
        var fifo = name.EndsWith(".fifo", StringComparison.Ordinal);
        var stem = fifo ? name[..^5] : name;
        if (name.Length > 80 || stem.Length == 0 || !stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SqsException.InvalidParameterValue(fifo
                ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
                : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
    }

    public static int Range(int? value, string name, int min, int max, string reason, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }
        if (value < min || value > max)
        {
            throw SqsException.InvalidParameterValue($"Value {value} for parameter {name} is invalid. Reason: {reason}");
        }
        return value.Value;
    }

    /// <summary>XML 1.0's allowed characters, which SQS enforces on bodies and string attribute values.</summary>
    public static void MessageText(string text, string where)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c < 0xD800 || c is '\t' or '\n' or '\r' || c >= 0xE000 && c <= 0xFFFD)
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw SqsException.InvalidMessageContents(
                $"Invalid binary character '#x{((int)c).ToString("X", CultureInfo.InvariantCulture)}' was found in the {where}, the set of allowed characters is available at http://www.w3.org/TR/REC-xml/#charsets");
        }
    }

    /// <summary>Batch ids: 1-80 of [A-Za-z0-9_-], distinct. Checked in AWS's order: empty, too many, id format, duplicates.</summary>
    public static void BatchEntries(List<SqsInput>? entries, string entryName)
    {
        if (entries is null || entries.Count == 0)
        {
            throw SqsException.EmptyBatchRequest(entryName);
        }
        if (entries.Count > 10)
        {
            throw SqsException.TooManyEntriesInBatchRequest(entries.Count);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var id = entries[i].String("Id");
            if (string.IsNullOrEmpty(id))
            {
                throw SqsException.MissingParameter($"The request must contain the parameter {entryName}.{i + 1}.Id.");
            }
            if (id.Length > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw SqsException.InvalidBatchEntryId();
            }
        }
        foreach (var entry in entries)
        {
            var id = entry.String("Id")!;
            if (!seen.Add(id))
            {
                throw SqsException.BatchEntryIdsNotDistinct(id);
            }
        }
    }

    /// <summary>MessageAttributes (or MessageSystemAttributes) of a send, validated as SQS does.</summary>
    public static List<MessageAttributeValue> MessageAttributes(SqsInput input, bool system)
    {
        var member = system ? "MessageSystemAttributes" : "MessageAttributes";
        var kind = system ? "system " : string.Empty;
        var map = input.StructureMap(member);
        if (map is null || map.Count == 0)
        {
            return [];
        }
        if (!system && map.Count > 10)
        {
            throw SqsException.InvalidParameterValue($"Number of message attributes [{map.Count}] exceeds the allowed maximum [10].");
        }
        var attributes = new List<MessageAttributeValue>(map.Count);
        foreach (var (name, value) in map)
        {
            if (system && name != "AWSTraceHeader")
            {
                throw SqsException.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
            }
            if (!system)
            {
                AttributeName(name);
            }
            var dataType = value.String("DataType");
            var stringValue = value.String("StringValue");
            var binaryValue = value.Blob("BinaryValue");
            if (string.IsNullOrEmpty(dataType))
            {
                throw SqsException.InvalidParameterValue($"The message {kind}attribute '{name}' must contain a non-empty message attribute type.");
            }
            if (Encoding.UTF8.GetByteCount(dataType) > 256)
            {
                throw SqsException.InvalidParameterValue($"Message {kind}attribute type must be shorter than 256 bytes.");
            }
            var baseType = dataType.Split('.')[0];
            if (baseType is not ("String" or "Number" or "Binary"))
            {
                throw SqsException.InvalidParameterValue($"The type of message {kind}attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            }
            if (system && baseType != "String")
            {
                throw SqsException.InvalidParameterValue($"The message system attribute '{name}' must be of type String.");
            }
            if (stringValue is null && binaryValue is null)
            {
                throw SqsException.InvalidParameterValue($"The message {kind}attribute '{name}' must contain a non-empty message attribute value.");
            }
            if (stringValue is not null && binaryValue is not null)
            {
                throw SqsException.InvalidParameterValue($"Message {kind}attribute '{name}' must have a single value.");
            }
            if (baseType == "Binary")
            {
                if (binaryValue is null)
                {
                    throw SqsException.InvalidParameterValue($"Message {kind}attribute '{name}' with type 'Binary' must use field 'Binary'.");
                }
            }
            else
            {
                if (stringValue is null)
                {
                    throw SqsException.InvalidParameterValue($"Message {kind}attribute '{name}' with type '{dataType}' must use field 'String'.");
                }
                if (stringValue.Length == 0)
                {
                    throw SqsException.InvalidParameterValue($"Message {kind}attribute '{name}' must contain a non-empty value of type '{dataType}'.");
                }
                if (baseType == "Number" && !decimal.TryParse(stringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw SqsException.InvalidParameterValue($"Can't cast the value of message {kind}attribute '{name}' to a number.");
                }
                MessageText(stringValue, $"message {kind}attribute '{name}'");
            }
            attributes.Add(new MessageAttributeValue(name, dataType, baseType == "Binary" ? null : stringValue, baseType == "Binary" ? binaryValue : null));
        }
        return attributes;
    }

    private static void AttributeName(string name)
    {
        if (name.Length == 0)
        {
            throw SqsException.InvalidParameterValue("The request must contain non-empty message attribute names.");
        }
        if (Encoding.UTF8.GetByteCount(name) > 256)
        {
            throw SqsException.InvalidParameterValue("Message attribute name must be shorter than 256 bytes.");
        }
        if (name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
        {
            throw SqsException.InvalidParameterValue("You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use.");
        }
        if (name.StartsWith('.'))
        {
            throw SqsException.InvalidParameterValue("Message attribute name must not begin with character '.'.");
        }
        if (name.EndsWith('.'))
        {
            throw SqsException.InvalidParameterValue("Message attribute name must not end with character '.'.");
        }
        if (name.Contains("..", StringComparison.Ordinal))
        {
            throw SqsException.InvalidParameterValue("Message attribute name must not have successive '.' characters.");
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                throw SqsException.InvalidParameterValue(
                    $"Invalid non-alphanumeric character '#x{((int)c).ToString("X", CultureInfo.InvariantCulture)}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.");
            }
        }
    }
}
