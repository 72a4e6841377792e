using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>
/// Orders key attribute values as DynamoDB orders sort keys: numbers by value, strings by their UTF-8 bytes,
/// binaries byte by byte (unsigned).
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
/// </summary>
internal sealed class KeyValueComparer : IComparer<AttributeValue>
{
    public static readonly KeyValueComparer Instance = new();

    public int Compare(AttributeValue? x, AttributeValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        if (x.Type != y.Type)
        {
            return x.Type.CompareTo(y.Type);
        }
        return x.Type switch
        {
            AttributeType.N => x.N.CompareTo(y.N),
            AttributeType.S => CompareUtf8Order(x.S, y.S),
            AttributeType.B => x.B.AsSpan().SequenceCompareTo(y.B),
            _ => 0,
        };
    }

    /// <summary>
    /// UTF-16 ordinal order differs from UTF-8 byte order only between surrogates and U+E000..U+FFFF;
    /// shifting those two ranges restores byte order without encoding.
    /// </summary>
    public static int CompareUtf8Order(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca != cb)
            {
                return Fix(ca) - Fix(cb);
            }
        }
        return a.Length - b.Length;

        static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
