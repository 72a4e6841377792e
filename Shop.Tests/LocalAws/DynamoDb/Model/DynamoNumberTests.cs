using System.Globalization;
using System.Numerics;
using CsCheck;
using Shop.LocalAws.DynamoDb;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.Tests.LocalAws.DynamoDb.Model;

public class DynamoNumberTests
{
    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("0100", "100")]
    [InlineData("-0", "0")]
    [InlineData("-0.000", "0")]
    [InlineData("0e99999", "0")]
    [InlineData("1e2", "100")]
    [InlineData("1E+2", "100")]
    [InlineData("1.23E-3", "0.00123")]
    [InlineData("-.5", "-0.5")]
    [InlineData("5.", "5")]
    [InlineData("123.4560", "123.456")]
    [InlineData("-00012.0100e1", "-120.1")]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("1234567890123456789012345678901234567800000", "1234567890123456789012345678901234567800000")]
    [InlineData("0.00000000000000000000000000000000000000000000000000001", "0.00000000000000000000000000000000000000000000000000001")]
    public void Numbers_are_returned_in_the_canonical_form_AWS_uses(string input, string canonical) =>
        Assert.Equal(canonical, DynamoNumber.Parse(input).ToString());

    [Fact]
    public void The_largest_and_smallest_magnitudes_are_accepted_and_expanded()
    {
        var largest = DynamoNumber.Parse("9.9999999999999999999999999999999999999E+125");
        Assert.Equal(new string('9', 38) + new string('0', 88), largest.ToString());
        var smallest = DynamoNumber.Parse("-1E-130");
        Assert.Equal("-0." + new string('0', 129) + "1", smallest.ToString());
    }

    [Theory]
    [InlineData("", "The parameter cannot be converted to a numeric value")]
    [InlineData("abc", "The parameter cannot be converted to a numeric value: abc")]
    [InlineData("+1", "The parameter cannot be converted to a numeric value: +1")]
    [InlineData(" 1", "The parameter cannot be converted to a numeric value:  1")]
    [InlineData("1e", "The parameter cannot be converted to a numeric value: 1e")]
    [InlineData("1.2.3", "The parameter cannot be converted to a numeric value: 1.2.3")]
    [InlineData(".", "The parameter cannot be converted to a numeric value: .")]
    [InlineData("-", "The parameter cannot be converted to a numeric value: -")]
    [InlineData("Infinity", "The parameter cannot be converted to a numeric value: Infinity")]
    [InlineData("1E126", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("10E125", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("0.1E-130", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number")]
    [InlineData("1.00000000000000000000000000000000000001", "Attempting to store more than 38 significant digits in a Number")]
    [InlineData("1234567890123456789012345678901234567891E200", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    public void Invalid_numbers_get_AWS_messages(string input, string message)
    {
        var error = Assert.Throws<DynamoDbException>(() => DynamoNumber.Parse(input));
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal(message, error.Message);
        Assert.False(DynamoNumber.TryParse(input, out _));
    }

    [Theory]
    [InlineData("1", "2", "3")]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("-5", "5", "0")]
    [InlineData("1E125", "-1E125", "0")]
    [InlineData("99999999999999999999999999999999999999", "-1", "99999999999999999999999999999999999998")]
    [InlineData("1.5", "-3", "-1.5")]
    [InlineData("1E-130", "1E-130", "0." + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002")]
    public void Addition_is_exact(string left, string right, string sum) =>
        Assert.Equal(sum, DynamoNumber.Parse(left).Add(DynamoNumber.Parse(right)).ToString());

    [Fact]
    public void Subtraction_is_exact() =>
        Assert.Equal("-0.0000001", DynamoNumber.Parse("1.9999999").Subtract(DynamoNumber.Parse("2")).ToString());

    [Theory]
    [InlineData("1E100", "1", "Attempting to store more than 38 significant digits in a Number")]
    [InlineData("99999999999999999999999999999999999999", "1", null)]
    [InlineData("99999999999999999999999999999999999999", "0.1", "Attempting to store more than 38 significant digits in a Number")]
    [InlineData("9.9999999999999999999999999999999999999E+125", "1E88", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    public void Sums_beyond_DynamoDB_limits_are_rejected(string left, string right, string? message)
    {
        var sum = () => DynamoNumber.Parse(left).Add(DynamoNumber.Parse(right));
        if (message is null)
        {
            Assert.Equal("100000000000000000000000000000000000000", sum().ToString());
            return;
        }
        Assert.Equal(message, Assert.Throws<DynamoDbException>(() => sum()).Message);
    }

    [Theory]
    [InlineData("-1", "0")]
    [InlineData("0", "0.5")]
    [InlineData("0.5", "1")]
    [InlineData("-10", "-9.99")]
    [InlineData("1E-130", "1E-129")]
    [InlineData("99", "100")]
    [InlineData("-100", "-99")]
    public void Numbers_order_by_value(string smaller, string larger)
    {
        Assert.True(DynamoNumber.Parse(smaller) < DynamoNumber.Parse(larger));
        Assert.True(DynamoNumber.Parse(larger) > DynamoNumber.Parse(smaller));
    }

    [Fact]
    public void Equal_values_in_different_spellings_are_equal()
    {
        Assert.Equal(DynamoNumber.Parse("1.0"), DynamoNumber.Parse("1"));
        Assert.Equal(DynamoNumber.Parse("100"), DynamoNumber.Parse("1e2"));
        Assert.Equal(DynamoNumber.Parse("100").GetHashCode(), DynamoNumber.Parse("1e2").GetHashCode());
        Assert.Equal(0, DynamoNumber.Parse("-0").CompareTo(DynamoNumber.Parse("0")));
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("1", 2)]
    [InlineData("10", 2)]
    [InlineData("12", 2)]
    [InlineData("1.2", 3)]
    [InlineData("123", 3)]
    [InlineData("-1", 3)]
    [InlineData("0.12", 2)]
    public void Number_sizes_follow_the_one_byte_per_two_digits_rule(string input, int size) =>
        Assert.Equal(size, DynamoNumber.Parse(input).Size);

    private static readonly Gen<string> NumberText =
        Gen.Select(Gen.Bool, Gen.String[Gen.Char['0', '9'], 1, 20], Gen.Int[0, 19], Gen.Int[-60, 60])
            .Select((negative, digits, point, exponent) =>
            {
                var at = Math.Min(point, digits.Length);
                var mantissa = at == digits.Length ? digits : digits[..at] + "." + digits[at..];
                return (negative ? "-" : "") + mantissa + "e" + exponent.ToString(CultureInfo.InvariantCulture);
            });

    [Fact]
    public void Addition_and_subtraction_agree_with_BigInteger_arithmetic() =>
        Gen.Select(NumberText, NumberText, Gen.Bool).Sample((left, right, subtract) =>
        {
            var a = DynamoNumber.Parse(left);
            var b = DynamoNumber.Parse(right);
            var expected = Reference(left) + (subtract ? -1 : 1) * Reference(right);
            DynamoNumber result;
            try
            {
                result = subtract ? a.Subtract(b) : a.Add(b);
            }
            catch (DynamoDbException e)
            {
                // Only a result beyond 38 digits may be refused.
                return e.Message.StartsWith("Attempting to store more than 38", StringComparison.Ordinal) &&
                       SignificantDigits(expected.Coefficient) > 38;
            }
            return Reference(result.ToString()) == expected;
        }, iter: 3000);

    [Fact]
    public void Canonical_text_parses_back_to_the_same_number() =>
        NumberText.Sample(text =>
        {
            var number = DynamoNumber.Parse(text);
            var again = DynamoNumber.Parse(number.ToString());
            return again == number && again.ToString() == number.ToString() && Reference(text) == Reference(number.ToString());
        }, iter: 3000);

    /// <summary>An exact rational as coefficient × 10^-scale with a fixed scale, so values compare with ==.</summary>
    private readonly record struct Exact(BigInteger Coefficient)
    {
        public static Exact operator +(Exact a, Exact b) => new(a.Coefficient + b.Coefficient);
        public static Exact operator *(int sign, Exact a) => new(sign * a.Coefficient);
    }

    private const int Scale = 200;

    private static Exact Reference(string text)
    {
        var exponentAt = text.IndexOfAny(['e', 'E']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var negative = mantissa.StartsWith('-');
        mantissa = mantissa.TrimStart('-');
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? 0 : mantissa.Length - point - 1;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var value = BigInteger.Parse("0" + digits, CultureInfo.InvariantCulture) * BigInteger.Pow(10, Scale + exponent - fraction);
        return new Exact(negative ? -value : value);
    }

    private static int SignificantDigits(BigInteger value)
    {
        value = BigInteger.Abs(value);
        if (value.IsZero)
        {
            return 1;
        }
        while (value % 10 == 0)
        {
            value /= 10;
        }
        return value.ToString(CultureInfo.InvariantCulture).Length;
    }
}
