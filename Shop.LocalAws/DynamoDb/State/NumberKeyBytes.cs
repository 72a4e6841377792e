using System.Globalization;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>
/// DynamoDB's order-preserving binary form of a number key (base-100 digits with a biased exponent, negatives
/// complemented), as dynalite reproduces it. Only its hash is used: it decides where a number-keyed partition sits in a Scan.
/// </summary>
internal static class NumberKeyBytes
{
    public static byte[] Encode(DynamoNumber number)
    {
        if (number.IsZero)
        {
            return [0x80];
        }
        var (coefficient, _) = number.ToBigInteger();
        var digits = BigIntegerDigits(coefficient);
        var negative = number.IsNegative;
        var exponent = number.AdjustedExponent + 1;
        var appendZero = exponent % 2 != 0 ? 1 : 0;
        var lengthWithoutExponent = (digits.Length + appendZero + 1) / 2;
        int[] bytes;
        if (lengthWithoutExponent < 20 && negative)
        {
            bytes = new int[lengthWithoutExponent + 2];
            bytes[lengthWithoutExponent + 1] = 102;
        }
        else
        {
            bytes = new int[lengthWithoutExponent + 1];
        }
        bytes[0] = (int)Math.Floor((exponent + appendZero) / 2.0) - 64;
        if (negative)
        {
            bytes[0] ^= unchecked((int)0xffffffff);
        }
        var appendedZero = false;
        for (var m = 0; m < digits.Length; m++)
        {
            var index = (m + appendZero) / 2 + 1;
            if (appendZero == 1 && m == 0 && !appendedZero)
            {
                bytes[index] = 0;
                appendedZero = true;
                m--;
            }
            else if ((m + appendZero) % 2 == 0)
            {
                bytes[index] = digits[m] * 10;
            }
            else
            {
                bytes[index] += digits[m];
            }
            if ((m + appendZero) % 2 != 0 || m == digits.Length - 1)
            {
                bytes[index] = negative ? 101 - bytes[index] : bytes[index] + 1;
            }
        }
        return [.. bytes.Select(b => (byte)(b & 0xFF))];
    }

    private static int[] BigIntegerDigits(System.Numerics.BigInteger coefficient)
    {
        var text = System.Numerics.BigInteger.Abs(coefficient).ToString(CultureInfo.InvariantCulture).TrimEnd('0');
        return [.. text.Select(c => c - '0')];
    }
}
