using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Serialization;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Sqs.State;

/// <summary>
/// One message attribute or message system attribute: a name, a data type (<c>String</c>, <c>Number</c>,
/// <c>Binary</c>, optionally with a custom suffix such as <c>Number.int</c>) and a string or binary value.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html
/// </summary>
public sealed record MessageAttributeValue(string Name, string DataType, string? StringValue, byte[]? BinaryValue)
{
    [JsonIgnore]
    public bool IsBinary => DataType.StartsWith("Binary", StringComparison.Ordinal);

    /// <summary>Bytes counted against MaximumMessageSize: name, type and value, as SQS counts them.</summary>
    [JsonIgnore]
    public int Size => Encoding.UTF8.GetByteCount(Name) + Encoding.UTF8.GetByteCount(DataType)
        + (IsBinary ? BinaryValue?.Length ?? 0 : Encoding.UTF8.GetByteCount(StringValue ?? string.Empty));
}

/// <summary>
/// The MD5 digests SQS returns and the SDKs verify.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
/// </summary>
public static class MessageDigest
{
    public static string OfBody(string body)
    {
        var length = Encoding.UTF8.GetByteCount(body);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(body, rented);
            Span<byte> hash = stackalloc byte[Md5.DigestBytes];
            Md5.HashData(rented.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// AWS's algorithm: attributes sorted by name; for each, the name, the data type, a transport byte (1 string,
    /// 2 binary) and the value, every variable part preceded by its length as a 4-byte big-endian integer.
    /// Null for no attributes (SQS then omits the digest).
    /// </summary>
    public static string? OfAttributes(IReadOnlyList<MessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }
        var md5 = Md5.Create();
        var ordered = attributes.Count == 1 ? attributes : [.. attributes.OrderBy(a => a.Name, StringComparer.Ordinal)];
        foreach (var attribute in ordered)
        {
            AppendLengthPrefixed(ref md5, Encoding.UTF8.GetBytes(attribute.Name));
            AppendLengthPrefixed(ref md5, Encoding.UTF8.GetBytes(attribute.DataType));
            if (attribute.IsBinary)
            {
                md5.Append([2]);
                AppendLengthPrefixed(ref md5, attribute.BinaryValue ?? []);
            }
            else
            {
                md5.Append([1]);
                AppendLengthPrefixed(ref md5, Encoding.UTF8.GetBytes(attribute.StringValue ?? string.Empty));
            }
        }
        Span<byte> hash = stackalloc byte[Md5.DigestBytes];
        md5.Finish(hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void AppendLengthPrefixed(ref Md5 md5, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        md5.Append(length);
        md5.Append(bytes);
    }
}
