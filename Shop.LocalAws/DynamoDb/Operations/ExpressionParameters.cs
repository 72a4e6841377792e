using System.Text;
using System.Text.Json;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// The expression members one operation accepts and the legacy members they replaced, checked as
/// <see cref="RequestMembers.CheckExpressionParameters"/> checks them. Every item request passes here, and almost all
/// of them are clean (no legacy member, attribute maps only with an expression), which one walk over the request's
/// members proves; any other request goes through <see cref="RequestMembers.CheckExpressionParameters"/> itself,
/// so errors and their wording are that method's.
/// </summary>
internal sealed class ExpressionParameters
{
    private readonly string[] _expressions;
    private readonly string[] _legacy;
    // Expressions first, then legacy members, then the two attribute maps, as UTF-8 to match the request's bytes.
    private readonly byte[][] _names;
    private readonly ulong _expressionBits;
    private readonly ulong _valueExpressionBits;
    private readonly ulong _legacyBits;
    private readonly int _namesMapBit;
    private readonly int _valuesMapBit;

    public ExpressionParameters(string[] expressions, string[] legacy)
    {
        _expressions = expressions;
        _legacy = legacy;
        _names = [.. expressions.Concat(legacy).Append("ExpressionAttributeNames").Append("ExpressionAttributeValues").Select(Encoding.UTF8.GetBytes)];
        if (_names.Length > 64)
        {
            throw new ArgumentException("At most 62 members", nameof(legacy));
        }
        for (var i = 0; i < expressions.Length; i++)
        {
            _expressionBits |= 1UL << i;
            if (expressions[i] != "ProjectionExpression")
            {
                _valueExpressionBits |= 1UL << i;
            }
        }
        for (var i = 0; i < legacy.Length; i++)
        {
            _legacyBits |= 1UL << (expressions.Length + i);
        }
        _namesMapBit = expressions.Length + legacy.Length;
        _valuesMapBit = _namesMapBit + 1;
    }

    /// <summary>Throws DynamoDB's error when the request mixes expression and legacy members or gives attribute maps without an expression.</summary>
    public void Check(JsonElement request)
    {
        var present = Present(request);
        var namesWithoutExpression = (present & (1UL << _namesMapBit)) != 0 && (present & _expressionBits) == 0;
        var valuesWithoutExpression = (present & (1UL << _valuesMapBit)) != 0 && _valueExpressionBits != 0 && (present & _valueExpressionBits) == 0;
        if ((present & _legacyBits) != 0 || namesWithoutExpression || valuesWithoutExpression)
        {
            request.CheckExpressionParameters(_expressions, _legacy);
        }
    }

    /// <summary>Which of the names the request has with a value other than null (of repeated names the last counts, as TryGetProperty reads them).</summary>
    private ulong Present(JsonElement request)
    {
        var present = 0UL;
        foreach (var property in request.EnumerateObject())
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (property.NameEquals(_names[i]))
                {
                    present = property.Value.ValueKind is JsonValueKind.Null ? present & ~(1UL << i) : present | 1UL << i;
                    break;
                }
            }
        }
        return present;
    }
}
