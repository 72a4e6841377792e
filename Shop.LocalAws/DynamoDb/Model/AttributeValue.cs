using System.Text;
using System.Text.Json;

namespace Shop.LocalAws.DynamoDb.Model;

/// <summary>
/// One DynamoDB attribute value of any type, immutable.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html"/>.
/// </summary>
/// <remarks>
/// Sets keep the order they were given in (AWS promises no order) but compare as sets. Maps use ordinal keys.
/// </remarks>
public sealed class AttributeValue : IEquatable<AttributeValue>
{
    public static readonly AttributeValue Null = new(AttributeType.NULL, null, default, false);
    public static readonly AttributeValue True = new(AttributeType.BOOL, null, default, true);
    public static readonly AttributeValue False = new(AttributeType.BOOL, null, default, false);

    private readonly object? _reference;   // string, byte[], map, list or set array, by Type
    private readonly DynamoNumber _number;
    private readonly bool _bool;

    private AttributeValue(AttributeType type, object? reference, DynamoNumber number, bool boolean)
    {
        Type = type;
        _reference = reference;
        _number = number;
        _bool = boolean;
    }

    public AttributeType Type { get; }

    public string S => Type == AttributeType.S ? (string)_reference! : throw WrongType(AttributeType.S);

    public DynamoNumber N => Type == AttributeType.N ? _number : throw WrongType(AttributeType.N);

    /// <summary>The bytes of a B value. Do not modify: values are shared.</summary>
    public byte[] B => Type == AttributeType.B ? (byte[])_reference! : throw WrongType(AttributeType.B);

    public ReadOnlyMemory<byte> BMemory => B;

    public bool BOOL => Type == AttributeType.BOOL ? _bool : throw WrongType(AttributeType.BOOL);

    public IReadOnlyDictionary<string, AttributeValue> M =>
        Type == AttributeType.M ? (Dictionary<string, AttributeValue>)_reference! : throw WrongType(AttributeType.M);

    public IReadOnlyList<AttributeValue> L => Type == AttributeType.L ? (AttributeValue[])_reference! : throw WrongType(AttributeType.L);

    public IReadOnlyList<string> SS => Type == AttributeType.SS ? (string[])_reference! : throw WrongType(AttributeType.SS);

    public IReadOnlyList<DynamoNumber> NS => Type == AttributeType.NS ? (DynamoNumber[])_reference! : throw WrongType(AttributeType.NS);

    public IReadOnlyList<byte[]> BS => Type == AttributeType.BS ? (byte[][])_reference! : throw WrongType(AttributeType.BS);

    /// <summary>True for SS, NS and BS.</summary>
    public bool IsSet => Type is AttributeType.SS or AttributeType.NS or AttributeType.BS;

    /// <summary>Number of members of a set, list or map.</summary>
    public int Count => _reference switch
    {
        Dictionary<string, AttributeValue> map => map.Count,
        Array array => array.Length,
        _ => throw new InvalidOperationException($"A {Type} value has no members"),
    };

    /// <summary>Levels of nesting: 1 for a scalar or set, 1 + the deepest member for a list or map.</summary>
    public int Depth
    {
        get
        {
            if (Type is not (AttributeType.M or AttributeType.L))
            {
                return 1;
            }
            var deepest = 0;
            if (Type == AttributeType.L)
            {
                foreach (var element in ListUnsafe)
                {
                    deepest = Math.Max(deepest, element.Depth);
                }
            }
            else
            {
                foreach (var member in MapUnsafe.Values)
                {
                    deepest = Math.Max(deepest, member.Depth);
                }
            }
            return 1 + deepest;
        }
    }

    internal Dictionary<string, AttributeValue> MapUnsafe => (Dictionary<string, AttributeValue>)_reference!;

    internal AttributeValue[] ListUnsafe => (AttributeValue[])_reference!;

    public static AttributeValue FromS(string s) => new(AttributeType.S, s ?? throw new ArgumentNullException(nameof(s)), default, false);

    public static AttributeValue FromN(DynamoNumber n) => new(AttributeType.N, null, n, false);

    public static AttributeValue FromB(byte[] b) => new(AttributeType.B, b ?? throw new ArgumentNullException(nameof(b)), default, false);

    public static AttributeValue FromBool(bool b) => b ? True : False;

    /// <summary>A map value; the dictionary is copied with an ordinal comparer.</summary>
    public static AttributeValue FromM(IEnumerable<KeyValuePair<string, AttributeValue>> members) =>
        new(AttributeType.M, new Dictionary<string, AttributeValue>(members, StringComparer.Ordinal), default, false);

    public static AttributeValue FromL(IEnumerable<AttributeValue> elements) => new(AttributeType.L, elements.ToArray(), default, false);

    /// <summary>A string set; AWS's <c>ValidationException</c> when empty or with duplicates.</summary>
    public static AttributeValue FromSS(IEnumerable<string> members)
    {
        var array = members.ToArray();
        var message = SetProblem(array, AttributeType.SS);
        return message is null ? new(AttributeType.SS, array, default, false) : throw DynamoDbException.Validation(message);
    }

    public static AttributeValue FromNS(IEnumerable<DynamoNumber> members)
    {
        var array = members.ToArray();
        var message = SetProblem(array, AttributeType.NS);
        return message is null ? new(AttributeType.NS, array, default, false) : throw DynamoDbException.Validation(message);
    }

    public static AttributeValue FromBS(IEnumerable<byte[]> members)
    {
        var array = members.ToArray();
        var message = SetProblem(array, AttributeType.BS);
        return message is null ? new(AttributeType.BS, array, default, false) : throw DynamoDbException.Validation(message);
    }

    // Owned-array constructors for the expression engine, which has already checked the invariants.
    internal static AttributeValue MapOwned(Dictionary<string, AttributeValue> map) => new(AttributeType.M, map, default, false);

    internal static AttributeValue ListOwned(AttributeValue[] list) => new(AttributeType.L, list, default, false);

    /// <summary>The elements of list <paramref name="first"/> followed by those of list <paramref name="second"/>.</summary>
    internal static AttributeValue AppendLists(AttributeValue first, AttributeValue second)
    {
        var head = first.ListUnsafe;
        var tail = second.ListUnsafe;
        var joined = new AttributeValue[head.Length + tail.Length];
        head.CopyTo(joined, 0);
        tail.CopyTo(joined, head.Length);
        return ListOwned(joined);
    }

    internal static AttributeValue SetOwned(AttributeType type, Array members) => new(type, members, default, false);

    internal Array SetMembersUnsafe => (Array)_reference!;

    /// <summary>Reads the wire form (<c>{"S":"x"}</c>), validating as DynamoDB does, with AWS's messages.</summary>
    public static AttributeValue ReadJson(JsonElement element) => ReadJson(element, ValueValidation.Legacy);

    /// <summary>As <see cref="ReadJson(JsonElement)"/>, in the wording of the given validation layer of DynamoDB.</summary>
    public static AttributeValue ReadJson(JsonElement element, ValueValidation wording)
    {
        string? problem = null;
        var value = AttributeValueJson.Read(element, ref problem, wording);
        return problem is null ? value : throw DynamoDbException.Validation(problem);
    }

    public void WriteJson(Utf8JsonWriter writer) => AttributeValueJson.Write(writer, this);

    /// <summary>Bytes DynamoDB counts for this value in item size (the attribute's name is counted by the caller).</summary>
    public int Size
    {
        get
        {
            switch (Type)
            {
                case AttributeType.S:
                    return Encoding.UTF8.GetByteCount((string)_reference!);
                case AttributeType.N:
                    return _number.Size;
                case AttributeType.B:
                    return ((byte[])_reference!).Length;
                case AttributeType.BOOL:
                case AttributeType.NULL:
                    return 1;
                case AttributeType.SS:
                {
                    var size = 0;
                    foreach (var member in (string[])_reference!)
                    {
                        size += Encoding.UTF8.GetByteCount(member);
                    }
                    return size;
                }
                case AttributeType.NS:
                {
                    var size = 0;
                    foreach (var member in (DynamoNumber[])_reference!)
                    {
                        size += member.Size;
                    }
                    return size;
                }
                case AttributeType.BS:
                {
                    var size = 0;
                    foreach (var member in (byte[][])_reference!)
                    {
                        size += member.Length;
                    }
                    return size;
                }
                case AttributeType.L:
                {
                    // AWS: 3 bytes of overhead per list or map plus 1 byte per element.
                    var size = 3;
                    foreach (var element in (AttributeValue[])_reference!)
                    {
                        size += 1 + element.Size;
                    }
                    return size;
                }
                default:
                {
                    var size = 3;
                    foreach (var (name, member) in (Dictionary<string, AttributeValue>)_reference!)
                    {
                        size += 1 + Encoding.UTF8.GetByteCount(name) + member.Size;
                    }
                    return size;
                }
            }
        }
    }

    public bool Equals(AttributeValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other.Type != Type)
        {
            return false;
        }
        switch (Type)
        {
            case AttributeType.S:
                return string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal);
            case AttributeType.N:
                return _number == other._number;
            case AttributeType.B:
                return ((byte[])_reference!).AsSpan().SequenceEqual((byte[])other._reference!);
            case AttributeType.BOOL:
                return _bool == other._bool;
            case AttributeType.NULL:
                return true;
            case AttributeType.L:
            {
                var left = (AttributeValue[])_reference!;
                var right = (AttributeValue[])other._reference!;
                if (left.Length != right.Length)
                {
                    return false;
                }
                for (var i = 0; i < left.Length; i++)
                {
                    if (!left[i].Equals(right[i]))
                    {
                        return false;
                    }
                }
                return true;
            }
            case AttributeType.M:
            {
                var left = (Dictionary<string, AttributeValue>)_reference!;
                var right = (Dictionary<string, AttributeValue>)other._reference!;
                if (left.Count != right.Count)
                {
                    return false;
                }
                foreach (var (name, member) in left)
                {
                    if (!right.TryGetValue(name, out var otherMember) || !member.Equals(otherMember))
                    {
                        return false;
                    }
                }
                return true;
            }
            default:
            {
                // Sets have no duplicates, so equal size and one-way containment is set equality.
                if (Count != other.Count)
                {
                    return false;
                }
                return SetContainsAll(other);
            }
        }
    }

    public override bool Equals(object? obj) => Equals(obj as AttributeValue);

    public override int GetHashCode()
    {
        switch (Type)
        {
            case AttributeType.S:
                return HashCode.Combine(Type, string.GetHashCode((string)_reference!, StringComparison.Ordinal));
            case AttributeType.N:
                return HashCode.Combine(Type, _number);
            case AttributeType.B:
            {
                var hash = new HashCode();
                hash.Add(Type);
                hash.AddBytes((byte[])_reference!);
                return hash.ToHashCode();
            }
            case AttributeType.BOOL:
                return HashCode.Combine(Type, _bool);
            default:
                return HashCode.Combine(Type, Type == AttributeType.NULL ? 0 : Count);
        }
    }

    public override string ToString()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteJson(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>True when this set holds every member of <paramref name="other"/> (same set type).</summary>
    internal bool SetContainsAll(AttributeValue other)
    {
        switch (Type)
        {
            case AttributeType.SS:
                foreach (var member in (string[])other._reference!)
                {
                    if (Array.IndexOf((string[])_reference!, member) < 0)
                    {
                        return false;
                    }
                }
                return true;
            case AttributeType.NS:
                foreach (var member in (DynamoNumber[])other._reference!)
                {
                    if (Array.IndexOf((DynamoNumber[])_reference!, member) < 0)
                    {
                        return false;
                    }
                }
                return true;
            default:
                foreach (var member in (byte[][])other._reference!)
                {
                    if (IndexOfBytes((byte[][])_reference!, member) < 0)
                    {
                        return false;
                    }
                }
                return true;
        }
    }

    internal static int IndexOfBytes(byte[][] members, ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i].AsSpan().SequenceEqual(bytes))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>AWS's message for an empty set or one with duplicates, or null when the set is valid.</summary>
    internal static string? SetProblem(Array members, AttributeType type, ValueValidation wording = ValueValidation.Legacy)
    {
        if (members.Length == 0)
        {
            return type switch
            {
                AttributeType.SS => "One or more parameter values were invalid: An string set  may not be empty",
                AttributeType.NS => "One or more parameter values were invalid: An number set  may not be empty",
                _ => "One or more parameter values were invalid: Binary sets should not be empty",
            };
        }
        switch (type)
        {
            case AttributeType.SS:
            {
                var strings = (string[])members;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < strings.Length; i++)
                {
                    if (!seen.Add(strings[i]))
                    {
                        return wording == ValueValidation.Legacy
                            ? "One or more parameter values were invalid: Input collection [" + string.Join(", ", strings) + "] contains duplicates."
                            : "One or more parameter values were invalid: Input collection [" +
                              string.Join(", ", CurrentDuplicateListing(strings, i, ValueOrderingOfStrings).Select(m => "\"" + m + "\"")) + "] contains duplicates.";
                    }
                }
                return null;
            }
            case AttributeType.NS:
            {
                var seen = new HashSet<DynamoNumber>();
                foreach (var member in (DynamoNumber[])members)
                {
                    if (!seen.Add(member))
                    {
                        return wording == ValueValidation.Legacy
                            ? "Input collection contains duplicates"
                            : "One or more parameter values were invalid: Input collection contains duplicates.";
                    }
                }
                return null;
            }
            default:
            {
                var bytes = (byte[][])members;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < bytes.Length; i++)
                {
                    if (!seen.Add(Convert.ToBase64String(bytes[i])))
                    {
                        return wording == ValueValidation.Legacy
                            ? "One or more parameter values were invalid: Input collection [" +
                              string.Join(", ", bytes.Select(Convert.ToBase64String)) + "]of type BS contains duplicates."
                            : "One or more parameter values were invalid: Input collection [" +
                              string.Join(",", CurrentDuplicateListing(bytes, i, (a, b) => a.AsSpan().SequenceCompareTo(b)).Select(m => "\"" + Convert.ToBase64String(m) + "\"")) +
                              "]of type BS contains duplicates.";
                    }
                }
                return null;
            }
        }
    }

    private static readonly Comparison<string> ValueOrderingOfStrings = Expressions.ValueOrdering.CompareUtf8;

    /// <summary>
    /// How AWS's current validation lists a set with a repeat: the members before the repeat in byte order, then the
    /// repeat, then the rest as sent (AWS, 2026: [b, a, b] is listed "a", "b", "b").
    /// </summary>
    private static List<T> CurrentDuplicateListing<T>(T[] members, int repeatAt, Comparison<T> order)
    {
        var listing = new List<T>(members.Length);
        for (var i = 0; i < repeatAt; i++)
        {
            listing.Add(members[i]);
        }
        listing.Sort(order);
        for (var i = repeatAt; i < members.Length; i++)
        {
            listing.Add(members[i]);
        }
        return listing;
    }

    private InvalidOperationException WrongType(AttributeType wanted) => new($"The value is of type {Type}, not {wanted}");
}
