using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// DynamoDB's ordering of scalar values: numbers by value, strings by their UTF-8 bytes, binary as unsigned bytes.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Comparators"/>.
/// </summary>
public static class ValueOrdering
{
    /// <summary>
    /// Compares two values of the same scalar type (S, N or B); null when they cannot be ordered (different types,
    /// or not scalar), which makes every ordering comparison false.
    /// </summary>
    public static int? Compare(AttributeValue left, AttributeValue right)
    {
        if (left.Type != right.Type)
        {
            return null;
        }
        return left.Type switch
        {
            AttributeType.N => left.N.CompareTo(right.N),
            AttributeType.S => CompareUtf8(left.S, right.S),
            AttributeType.B => left.B.AsSpan().SequenceCompareTo(right.B),
            _ => null,
        };
    }

    /// <summary>Orders strings as their UTF-8 encodings would order byte by byte (that is, by code point).</summary>
    public static int CompareUtf8(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a == b)
            {
                continue;
            }
            // UTF-16 order matches code point order except that surrogates (U+D800-DFFF, which encode code points
            // above U+FFFF) sort below U+E000-FFFF; move them above for the comparison.
            return Rank(a).CompareTo(Rank(b));
        }
        return left.Length.CompareTo(right.Length);

        static int Rank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
