using System.Globalization;
using System.Numerics;

namespace Shop.LocalAws.DynamoDb.Model;

/// <summary>
/// A DynamoDB number: an exact decimal of up to 38 significant digits with magnitude between 1E-130 and
/// 9.9999999999999999999999999999999999999E+125.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number"/>.
/// </summary>
/// <remarks>
/// Stored normalised as sign, coefficient without trailing zeros, and the power of ten of its last digit, so equal
/// numbers have equal fields ("1.50" and "15E-1" are the same value). 38 digits fit in a <see cref="UInt128"/>.
/// </remarks>
public readonly struct DynamoNumber : IEquatable<DynamoNumber>, IComparable<DynamoNumber>
{
    public const int MaxDigits = 38;
    private const int MaxAdjustedExponent = 125;
    private const int MinAdjustedExponent = -130;

    internal const string NotNumericMessage = "The parameter cannot be converted to a numeric value";
    internal const string OverflowMessage = "Number overflow. Attempting to store a number with magnitude larger than supported range";
    internal const string UnderflowMessage = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    internal const string TooManyDigitsMessage = "Attempting to store more than 38 significant digits in a Number";

    private static readonly UInt128[] PowersOfTen = BuildPowersOfTen();

    private readonly UInt128 _coefficient;
    private readonly int _exponent;
    private readonly bool _negative;

    private DynamoNumber(UInt128 coefficient, int exponent, bool negative)
    {
        _coefficient = coefficient;
        _exponent = coefficient == 0 ? 0 : exponent;
        _negative = negative && coefficient != 0;
    }

    public static DynamoNumber Zero => default;

    public bool IsZero => _coefficient == 0;

    public bool IsNegative => _negative;

    /// <summary>Significant digits (1 for zero).</summary>
    public int DigitCount => _coefficient == 0 ? 1 : CountDigits(_coefficient);

    /// <summary>Power of ten of the first significant digit (0 for zero), as in scientific notation.</summary>
    public int AdjustedExponent => _coefficient == 0 ? 0 : _exponent + CountDigits(_coefficient) - 1;

    /// <summary>Bytes DynamoDB counts for this number in item size: about one per two significant digits plus one.</summary>
    public int Size
    {
        get
        {
            if (_coefficient == 0)
            {
                return 1;
            }
            var digits = CountDigits(_coefficient);
            var adjusted = _exponent + digits - 1;
            return 1 + (digits + 1) / 2 + (digits % 2 != 0 || adjusted % 2 != 0 ? 0 : 1) + (_negative ? 1 : 0);
        }
    }

    public static DynamoNumber FromInt64(long value) =>
        value < 0 ? Normalize((UInt128)(-(Int128)value), 0, true) : Normalize((UInt128)value, 0, false);

    /// <summary>Parses DynamoDB's number syntax, throwing AWS's <c>ValidationException</c> for anything it rejects.</summary>
    public static DynamoNumber Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var status = TryParseCore(text, out var value);
        return status switch
        {
            ParseStatus.Ok => value,
            ParseStatus.Invalid => throw DynamoDbException.Validation(text.Length == 0 ? NotNumericMessage : NotNumericMessage + ": " + text),
            ParseStatus.Overflow => throw DynamoDbException.Validation(OverflowMessage),
            ParseStatus.Underflow => throw DynamoDbException.Validation(UnderflowMessage),
            _ => throw DynamoDbException.Validation(TooManyDigitsMessage),
        };
    }

    public static bool TryParse(string text, out DynamoNumber value) =>
        TryParseCore(text ?? string.Empty, out value) == ParseStatus.Ok;

    public DynamoNumber Add(DynamoNumber other) => Sum(this, other, negateOther: false);

    public DynamoNumber Subtract(DynamoNumber other) => Sum(this, other, negateOther: true);

    public DynamoNumber Negate() => new(_coefficient, _exponent, !_negative);

    public int CompareTo(DynamoNumber other)
    {
        if (_negative != other._negative)
        {
            return _negative ? -1 : 1;
        }
        var magnitude = CompareMagnitude(this, other);
        return _negative ? -magnitude : magnitude;
    }

    public bool Equals(DynamoNumber other) =>
        _coefficient == other._coefficient && _exponent == other._exponent && _negative == other._negative;

    public override bool Equals(object? obj) => obj is DynamoNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_coefficient, _exponent, _negative);

    public static bool operator ==(DynamoNumber left, DynamoNumber right) => left.Equals(right);

    public static bool operator !=(DynamoNumber left, DynamoNumber right) => !left.Equals(right);

    public static bool operator <(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) < 0;

    public static bool operator <=(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) > 0;

    public static bool operator >=(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) >= 0;

    /// <summary>The form DynamoDB returns: plain decimal notation, no exponent, no leading or trailing zeros.</summary>
    public override string ToString()
    {
        if (_coefficient == 0)
        {
            return "0";
        }
        var digits = _coefficient.ToString(CultureInfo.InvariantCulture);
        var sign = _negative ? "-" : string.Empty;
        if (_exponent >= 0)
        {
            return _exponent == 0 ? sign + digits : string.Concat(sign, digits, new string('0', _exponent));
        }
        var pointAt = digits.Length + _exponent;
        if (pointAt > 0)
        {
            return string.Concat(sign, digits.AsSpan(0, pointAt), ".", digits.AsSpan(pointAt));
        }
        return string.Concat(sign, "0.", new string('0', -pointAt), digits);
    }

    /// <summary>The exact value as a <see cref="BigInteger"/> coefficient and power of ten (value = coefficient × 10^exponent).</summary>
    public (BigInteger Coefficient, int Exponent) ToBigInteger() =>
        ((BigInteger)_coefficient * (_negative ? -1 : 1), _exponent);

    private enum ParseStatus { Ok, Invalid, Overflow, Underflow, TooManyDigits }

    // Grammar as AWS (and big.js in dynalite) accept it: -?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?
    private static ParseStatus TryParseCore(ReadOnlySpan<char> text, out DynamoNumber value)
    {
        value = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }
        UInt128 coefficient = 0;
        var significant = 0;       // digits from the first non-zero one up to the last non-zero one
        var pendingZeros = 0;      // zeros after the last non-zero digit
        var fractionDigits = 0;
        var anyDigit = false;
        var seenPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                anyDigit = true;
                if (seenPoint)
                {
                    fractionDigits++;
                }
                if (c == '0')
                {
                    if (significant > 0)
                    {
                        pendingZeros++;
                    }
                    continue;
                }
                var grow = pendingZeros + 1;
                if (significant + grow <= MaxDigits)
                {
                    coefficient = coefficient * PowersOfTen[grow] + (uint)(c - '0');
                }
                significant += grow;
                pendingZeros = 0;
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }
        if (!anyDigit)
        {
            return ParseStatus.Invalid;
        }
        long exponentPart = 0;
        if (i < text.Length)
        {
            if (text[i] is not ('e' or 'E'))
            {
                return ParseStatus.Invalid;
            }
            i++;
            var exponentNegative = false;
            if (i < text.Length && text[i] is '+' or '-')
            {
                exponentNegative = text[i] == '-';
                i++;
            }
            if (i >= text.Length)
            {
                return ParseStatus.Invalid;
            }
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c is < '0' or > '9')
                {
                    return ParseStatus.Invalid;
                }
                if (exponentPart < 1_000_000_000)
                {
                    exponentPart = exponentPart * 10 + (c - '0');
                }
            }
            if (exponentNegative)
            {
                exponentPart = -exponentPart;
            }
        }
        if (significant == 0)
        {
            value = default;
            return ParseStatus.Ok;
        }
        var lastDigitExponent = pendingZeros - (long)fractionDigits + exponentPart;
        var adjusted = lastDigitExponent + significant - 1;
        if (adjusted > MaxAdjustedExponent)
        {
            return ParseStatus.Overflow;
        }
        if (adjusted < MinAdjustedExponent)
        {
            return ParseStatus.Underflow;
        }
        if (significant > MaxDigits)
        {
            return ParseStatus.TooManyDigits;
        }
        value = new DynamoNumber(coefficient, (int)lastDigitExponent, negative);
        return ParseStatus.Ok;
    }

    private static DynamoNumber Sum(DynamoNumber left, DynamoNumber right, bool negateOther)
    {
        var rightNegative = negateOther ? !right._negative && right._coefficient != 0 : right._negative;
        if (right._coefficient == 0)
        {
            return left;
        }
        if (left._coefficient == 0)
        {
            return new DynamoNumber(right._coefficient, right._exponent, rightNegative);
        }
        // Fast path: both fit below 10^37 once aligned to the smaller exponent, so the sum fits in Int128.
        var exponent = Math.Min(left._exponent, right._exponent);
        var leftShift = left._exponent - exponent;
        var rightShift = right._exponent - exponent;
        if (leftShift <= MaxDigits && rightShift <= MaxDigits)
        {
            var limit = PowersOfTen[37];
            var leftScaled = ScaleOrZero(left._coefficient, leftShift, limit);
            var rightScaled = ScaleOrZero(right._coefficient, rightShift, limit);
            if (leftScaled != 0 && rightScaled != 0)
            {
                var total = (left._negative ? -(Int128)leftScaled : (Int128)leftScaled) +
                            (rightNegative ? -(Int128)rightScaled : (Int128)rightScaled);
                var magnitude = total < 0 ? (UInt128)(-total) : (UInt128)total;
                return Checked(magnitude, exponent, total < 0);
            }
        }
        var big = (BigInteger)left._coefficient * BigInteger.Pow(10, leftShift) * (left._negative ? -1 : 1) +
                  (BigInteger)right._coefficient * BigInteger.Pow(10, rightShift) * (rightNegative ? -1 : 1);
        var negative = big.Sign < 0;
        big = BigInteger.Abs(big);
        if (big.IsZero)
        {
            return default;
        }
        while (big % 10 == 0)
        {
            big /= 10;
            exponent++;
        }
        var digitCount = big.ToString(CultureInfo.InvariantCulture).Length;
        ThrowIfOutOfRange(exponent + digitCount - 1, digitCount);
        return new DynamoNumber((UInt128)big, exponent, negative);
    }

    private static UInt128 ScaleOrZero(UInt128 coefficient, int shift, UInt128 limit)
    {
        if (coefficient >= limit)
        {
            return 0;
        }
        var digits = CountDigits(coefficient);
        if (digits + shift > 37)
        {
            return 0;
        }
        return coefficient * PowersOfTen[shift];
    }

    private static DynamoNumber Checked(UInt128 magnitude, int exponent, bool negative)
    {
        if (magnitude == 0)
        {
            return default;
        }
        var number = Normalize(magnitude, exponent, negative);
        ThrowIfOutOfRange(number.AdjustedExponent, number.DigitCount);
        return number;
    }

    private static void ThrowIfOutOfRange(int adjustedExponent, int digitCount)
    {
        if (adjustedExponent > MaxAdjustedExponent)
        {
            throw DynamoDbException.Validation(OverflowMessage);
        }
        if (adjustedExponent < MinAdjustedExponent)
        {
            throw DynamoDbException.Validation(UnderflowMessage);
        }
        if (digitCount > MaxDigits)
        {
            throw DynamoDbException.Validation(TooManyDigitsMessage);
        }
    }

    private static DynamoNumber Normalize(UInt128 coefficient, int exponent, bool negative)
    {
        if (coefficient == 0)
        {
            return default;
        }
        while (coefficient % 10 == 0)
        {
            coefficient /= 10;
            exponent++;
        }
        return new DynamoNumber(coefficient, exponent, negative);
    }

    private static int CompareMagnitude(DynamoNumber left, DynamoNumber right)
    {
        if (left._coefficient == 0 || right._coefficient == 0)
        {
            return left._coefficient == 0 ? (right._coefficient == 0 ? 0 : -1) : 1;
        }
        var leftDigits = CountDigits(left._coefficient);
        var rightDigits = CountDigits(right._coefficient);
        var leftAdjusted = left._exponent + leftDigits - 1;
        var rightAdjusted = right._exponent + rightDigits - 1;
        if (leftAdjusted != rightAdjusted)
        {
            return leftAdjusted.CompareTo(rightAdjusted);
        }
        // Same leading power of ten: pad the shorter coefficient so both have the same number of digits.
        var l = left._coefficient;
        var r = right._coefficient;
        if (leftDigits < rightDigits)
        {
            l *= PowersOfTen[rightDigits - leftDigits];
        }
        else if (rightDigits < leftDigits)
        {
            r *= PowersOfTen[leftDigits - rightDigits];
        }
        return l.CompareTo(r);
    }

    private static int CountDigits(UInt128 value)
    {
        var digits = 1;
        while (digits < PowersOfTen.Length && value >= PowersOfTen[digits])
        {
            digits++;
        }
        return digits;
    }

    private static UInt128[] BuildPowersOfTen()
    {
        var powers = new UInt128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }
}
