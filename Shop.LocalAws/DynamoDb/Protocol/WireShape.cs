using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shop.LocalAws.DynamoDb.Protocol;

/// <summary>The JSON type a request member must have, as DynamoDB's Coral deserializer knows it.</summary>
internal enum WireKind { String, Boolean, Integer, Long, Double, Blob, List, Map, ValueStruct, FieldStruct, AttributeValue }

/// <summary>
/// The shape of one request member: its JSON type and the constraints DynamoDB checks before an operation runs.
/// Requests are checked in two passes, as DynamoDB does: first every member's JSON type (a wrong type is a
/// <c>SerializationException</c> naming the Java type), then the constraints, collected into one
/// "N validation errors detected" <c>ValidationException</c> (at most ten), with members named by their path.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
/// </summary>
internal sealed class WireShape
{
    private const string Namespace = "com.amazonaws.dynamodb.v20120810.";
    private static readonly WireShape AttributeValueShape = new() { Kind = WireKind.AttributeValue };

    public WireKind Kind { get; init; }

    /// <summary>The Java type in "Unrecognized collection type" messages (struct or map value type).</summary>
    public string? TypeName { get; init; }

    public (string Name, WireShape Shape)[] Members
    {
        get => _members;
        init
        {
            _members = value;
            _memberUtf8Names = [.. value.Select(m => System.Text.Encoding.UTF8.GetBytes(m.Name))];
        }
    }

    private readonly (string Name, WireShape Shape)[] _members = [];

    // Looking members up by UTF-8 name spares JsonDocument transcoding the name on every lookup of every request.
    private readonly byte[][] _memberUtf8Names = [];
    public WireShape? Element { get; init; }
    public bool NotNull { get; init; }
    public bool Required { get; init; }
    public bool TableName { get; init; }
    public long? Min { get; init; }
    public long? Max { get; init; }
    public string? Pattern { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string[]? Enum { get; init; }

    /// <summary>
    /// A map that must not be empty, refused as "The requestItems parameter is required for BatchGetItem" on its own
    /// before the other constraints, as DynamoDB answers today (the dynamodb-conformance suite, captured from DynamoDB;
    /// dynalite, from an older DynamoDB, has the length constraint "Member must have length greater than or equal to 1").
    /// </summary>
    public bool RequiredNotEmpty { get; init; }

    /// <summary>
    /// DynamoDB's newer checks name a member by its path as the request spells it and leave its value out:
    /// "Value at 'Limit' failed to satisfy constraint: ..." (Query's Limit under 1, BatchGetItem's Keys over 100),
    /// where its older ones say "Value '0' at 'limit' ..." (Scan's Limit still does). True for those two constraints
    /// (<see cref="Min"/> and <see cref="MaxLength"/>), as the dynamodb-conformance suite captured them from DynamoDB.
    /// </summary>
    public bool ReportedWithoutValue { get; init; }

    /// <summary>For maps keyed by table name (BatchGetItem, BatchWriteItem): the keys must be valid table names.</summary>
    public bool KeysAreTableNames { get; init; }

    /// <summary>For maps of lists: the length bounds of each list (BatchWriteItem's 1 to 25 requests per table).</summary>
    public (int Min, int Max)? ValueLength { get; init; }

    /// <summary>
    /// A list or map that is itself the element of a collection (BatchGetItem's keys, BatchWriteItem's requests per
    /// table): its Java type is a generic one, and a scalar in its place fails DynamoDB's deserializer with a
    /// ClassCastException whose message is the answer.
    /// </summary>
    public bool Parameterized { get; init; }

    /// <summary>
    /// An attribute value that is a member of a structure (Expected's Value, AttributeUpdates' Value) rather than an
    /// element of a collection: a scalar in its place is "Unexpected field type", as for any structure member.
    /// </summary>
    public bool FieldMember { get; init; }

    /// <summary>An attribute value as a structure's member (see <see cref="FieldMember"/>).</summary>
    public static WireShape AttributeValueField() => new() { Kind = WireKind.AttributeValue, FieldMember = true };

    private const string ParameterizedCastMessage = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class " +
        "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";

    private Regex? _regex;

    /// <summary>The pattern of table and index names, the one <see cref="Pattern"/> DynamoDB's operations use.</summary>
    internal const string NamePattern = "[a-zA-Z0-9_.-]+";
    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    /// <summary>
    /// Whether the whole of <paramref name="text"/> matches <see cref="Pattern"/>, as Java's <c>String.matches</c> does
    /// (a .NET <c>$</c> would also let a final line feed through).
    /// </summary>
    private bool MatchesPattern(string text) => Pattern == NamePattern
        ? IsName(text)
        : (_regex ??= new Regex(@"\A(?:" + Pattern + @")\z", RegexOptions.CultureInvariant)).IsMatch(text);

    private static bool IsName(string text) => text.Length > 0 && !text.AsSpan().ContainsAnyExcept(NameCharacters);

    public static WireShape Str(string[]? values = null) => new() { Kind = WireKind.String, Enum = values };
    public static WireShape Bool() => new() { Kind = WireKind.Boolean };
    public static WireShape Int(long? min = null, long? max = null) => new() { Kind = WireKind.Integer, Min = min, Max = max };
    public static WireShape Long(long? min = null, long? max = null) => new() { Kind = WireKind.Long, Min = min, Max = max };
    public static WireShape List(WireShape element, int? minLength = null, int? maxLength = null) => new() { Kind = WireKind.List, Element = element, MinLength = minLength, MaxLength = maxLength };
    public static WireShape Struct(string typeName, params (string, WireShape)[] members) => new() { Kind = WireKind.FieldStruct, TypeName = typeName, Members = members };
    public static WireShape ValueStruct(string typeName, params (string, WireShape)[] members) => new() { Kind = WireKind.ValueStruct, TypeName = typeName, Members = members };
    public static WireShape Map(WireShape value, string typeName, int? minLength = null, int? maxLength = null) => new() { Kind = WireKind.Map, Element = value, TypeName = typeName, MinLength = minLength, MaxLength = maxLength };

    /// <summary>A <c>Map&lt;String, AttributeValue&gt;</c>: an item, a key, ExpressionAttributeValues.</summary>
    public static WireShape AttributeMap(bool notNull = false, int? minLength = null, int? maxLength = null, bool parameterized = false) =>
        new() { Kind = WireKind.Map, Element = AttributeValueShape, TypeName = "AttributeValue", NotNull = notNull, MinLength = minLength, MaxLength = maxLength, Parameterized = parameterized };

    /// <summary>
    /// A table's name or ARN (TableName in every operation that names a table). Its checks are
    /// <see cref="TableNameErrors"/>; a top-level one is reported on its own, before the request's other constraints.
    /// </summary>
    public static WireShape TableNameShape(bool notNull = true, bool required = false) =>
        new() { Kind = WireKind.String, NotNull = notNull, Required = required, TableName = true };

    public static WireShape IndexNameShape(bool notNull = false) =>
        new() { Kind = WireKind.String, NotNull = notNull, Pattern = NamePattern, MinLength = 3, MaxLength = 255 };

    public static readonly WireShape ReturnConsumedCapacity = Str(["INDEXES", "TOTAL", "NONE"]);
    public static readonly WireShape ReturnItemCollectionMetrics = Str(["SIZE", "NONE"]);
    public static readonly WireShape ExpressionAttributeNames = Map(Str(), "java.lang.String");

    public WireShape With(bool? notNull = null, bool? required = null, bool? tableName = null) => new()
    {
        Kind = Kind, TypeName = TypeName, Members = Members, Element = Element, NotNull = notNull ?? NotNull, Required = required ?? Required,
        KeysAreTableNames = KeysAreTableNames, ValueLength = ValueLength, Parameterized = Parameterized, FieldMember = FieldMember,
        RequiredNotEmpty = RequiredNotEmpty, ReportedWithoutValue = ReportedWithoutValue,
        TableName = tableName ?? TableName, Min = Min, Max = Max, Pattern = Pattern, MinLength = MinLength, MaxLength = MaxLength, Enum = Enum,
    };

    /// <summary>Both passes on a request body: JSON types first, then constraints.</summary>
    public void CheckRequest(JsonElement root)
    {
        // The request's members are found in one walk over its properties, not looked up by name in each pass.
        var members = ArrayPool<JsonElement>.Shared.Rent(_members.Length);
        try
        {
            FindMembers(root, members);
            for (var i = 0; i < _members.Length; i++)
            {
                if (members[i].ValueKind != JsonValueKind.Undefined)
                {
                    _members[i].Shape.CheckType(members[i]);
                }
            }
            CheckConstraints(members);
        }
        finally
        {
            Array.Clear(members, 0, _members.Length);
            ArrayPool<JsonElement>.Shared.Return(members);
        }
    }

    /// <summary>
    /// Each member's value, or <c>default</c> (Undefined) when absent; of repeated names the last counts, as
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> reads them.
    /// </summary>
    private void FindMembers(JsonElement obj, JsonElement[] members)
    {
        Array.Clear(members, 0, _members.Length);
        foreach (var property in obj.EnumerateObject())
        {
            for (var i = 0; i < _memberUtf8Names.Length; i++)
            {
                if (property.NameEquals(_memberUtf8Names[i]))
                {
                    members[i] = property.Value;
                    break;
                }
            }
        }
    }

    private void CheckMemberTypes(JsonElement obj)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (obj.TryGetProperty(_memberUtf8Names[i], out var value))
            {
                _members[i].Shape.CheckType(value);
            }
        }
    }

    private void CheckType(JsonElement value)
    {
        var kind = value.ValueKind;
        if (kind == JsonValueKind.Null)
        {
            return;
        }
        switch (Kind)
        {
            case WireKind.Boolean:
                switch (kind)
                {
                    case JsonValueKind.Number: throw NumberCannotConvert(value, "Boolean");
                    case JsonValueKind.String when !TryReadBoolean(value, out _): throw DynamoDbException.Serialization("Unexpected token received from parser");
                    case JsonValueKind.Array: throw DynamoDbException.Serialization("Unrecognized collection type class java.lang.Boolean");
                    case JsonValueKind.Object: throw StructureNotExpected();
                }
                return;
            case WireKind.Integer or WireKind.Long or WireKind.Double:
                var javaType = Kind.ToString();
                switch (kind)
                {
                    case JsonValueKind.True or JsonValueKind.False: throw DynamoDbException.Serialization($"{(kind == JsonValueKind.True ? "TRUE_VALUE" : "FALSE_VALUE")} cannot be converted to {javaType}");
                    case JsonValueKind.String: throw DynamoDbException.Serialization($"STRING_VALUE cannot be converted to {javaType}");
                    case JsonValueKind.Array: throw DynamoDbException.Serialization($"Unrecognized collection type class java.lang.{javaType}");
                    case JsonValueKind.Object: throw StructureNotExpected();
                }
                return;
            case WireKind.String:
                switch (kind)
                {
                    case JsonValueKind.True or JsonValueKind.False: throw DynamoDbException.Serialization($"{(kind == JsonValueKind.True ? "TRUE_VALUE" : "FALSE_VALUE")} cannot be converted to String");
                    case JsonValueKind.Number: throw NumberCannotConvert(value, "String");
                    case JsonValueKind.Array: throw DynamoDbException.Serialization("Unrecognized collection type class java.lang.String");
                    case JsonValueKind.Object: throw StructureNotExpected();
                }
                return;
            case WireKind.Blob:
                CheckBlob(value);
                return;
            case WireKind.List:
                switch (kind)
                {
                    case JsonValueKind.Object: throw StructureNotExpected();
                    case not JsonValueKind.Array: throw DynamoDbException.Serialization(Parameterized ? ParameterizedCastMessage : "Unexpected field type");
                }
                foreach (var element in value.EnumerateArray())
                {
                    Element!.CheckType(element);
                }
                return;
            case WireKind.Map:
                switch (kind)
                {
                    case JsonValueKind.Array:
                        throw DynamoDbException.Serialization("Unrecognized collection type java.util.Map<java.lang.String, " +
                            (TypeName!.Contains('.', StringComparison.Ordinal) ? TypeName : Namespace + TypeName) + ">");
                    case not JsonValueKind.Object: throw DynamoDbException.Serialization(Parameterized ? ParameterizedCastMessage : "Unexpected field type");
                }
                foreach (var property in value.EnumerateObject())
                {
                    Element!.CheckType(property.Value);
                }
                return;
            case WireKind.ValueStruct or WireKind.FieldStruct:
                switch (kind)
                {
                    case JsonValueKind.Array: throw DynamoDbException.Serialization("Unrecognized collection type class " + Namespace + TypeName);
                    case not JsonValueKind.Object:
                        throw DynamoDbException.Serialization(Kind == WireKind.ValueStruct ? "Unexpected value type in payload" : "Unexpected field type");
                }
                CheckMemberTypes(value);
                return;
            case WireKind.AttributeValue:
                if (FieldMember && kind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
                {
                    throw DynamoDbException.Serialization("Unexpected field type");
                }
                CheckAttributeValueType(value);
                return;
        }
    }

    /// <summary>An AttributeValue is a value structure whose members are S, B, N, BOOL, NULL, BS, NS, SS, L, M (Coral's order).</summary>
    internal static void CheckAttributeValueType(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: return;
            case JsonValueKind.Array: throw DynamoDbException.Serialization("Unrecognized collection type class " + Namespace + "AttributeValue");
            case not JsonValueKind.Object: throw DynamoDbException.Serialization("Unexpected value type in payload");
        }
        // Nearly every attribute value has one member: find its shape by name instead of looking up all ten.
        // (With several members, or a repeated one, the lookups below keep Coral's order and last-one-wins.)
        var members = value.EnumerateObject();
        if (members.MoveNext())
        {
            var only = members.Current;
            if (!members.MoveNext())
            {
                for (var i = 0; i < AttributeValueMembers.Length; i++)
                {
                    if (only.NameEquals(AttributeValueMemberUtf8Names[i]))
                    {
                        AttributeValueMembers[i].Item2.CheckType(only.Value);
                        return;
                    }
                }
                return;
            }
        }
        foreach (var (name, shape) in AttributeValueMembers)
        {
            if (value.TryGetProperty(name, out var member))
            {
                shape.CheckType(member);
            }
        }
    }

    private static readonly (string, WireShape)[] AttributeValueMembers =
    [
        ("S", Str()), ("B", new WireShape { Kind = WireKind.Blob }), ("N", Str()), ("BOOL", Bool()), ("NULL", Bool()),
        ("BS", List(new WireShape { Kind = WireKind.Blob })), ("NS", List(Str())), ("SS", List(Str())),
        ("L", List(AttributeValueShape)), ("M", new WireShape { Kind = WireKind.Map, Element = AttributeValueShape, TypeName = "AttributeValue" }),
    ];

    private static readonly byte[][] AttributeValueMemberUtf8Names = [.. AttributeValueMembers.Select(m => System.Text.Encoding.UTF8.GetBytes(m.Item1))];

    private static void CheckBlob(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number: throw DynamoDbException.Serialization("only base-64-encoded strings are convertible to bytes");
            case JsonValueKind.Array: throw DynamoDbException.Serialization("Unrecognized collection type class java.nio.ByteBuffer");
            case JsonValueKind.Object: throw StructureNotExpected();
        }
        var text = value.GetString()!;
        if (text.Length % 4 != 0)
        {
            throw DynamoDbException.Serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + text.Length.ToString(CultureInfo.InvariantCulture));
        }
        Span<byte> scratch = text.Length <= 1024 ? stackalloc byte[text.Length] : new byte[text.Length];
        if (!Convert.TryFromBase64String(text, scratch, out var written) || Convert.ToBase64String(scratch[..written]) != text)
        {
            throw DynamoDbException.Serialization("Invalid last non-pad Base64 character dectected");
        }
    }

    private static DynamoDbException NumberCannotConvert(JsonElement value, string javaType)
    {
        var isInteger = value.TryGetDouble(out var d) && d % 1 == 0;
        return DynamoDbException.Serialization($"{(isInteger ? "NUMBER_VALUE" : "DECIMAL_VALUE")} cannot be converted to {javaType}");
    }

    private static DynamoDbException StructureNotExpected() => DynamoDbException.Serialization("Start of structure or map found where not expected");

    /// <summary>Coral accepts "true"/"yes"/"1" (any case) and their opposites where a boolean is expected.</summary>
    public static bool TryReadBoolean(JsonElement value, out bool result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True: result = true; return true;
            case JsonValueKind.False: result = false; return true;
            case JsonValueKind.String:
                var text = value.GetString()!.ToUpperInvariant();
                result = text is "TRUE" or "1" or "YES";
                return result || text is "FALSE" or "0" or "NO";
            default: result = false; return false;
        }
    }

    private void CheckConstraints(JsonElement[] members)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            var (name, shape) = _members[i];
            var value = members[i];
            var present = value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
            if (shape.Required && !present)
            {
                throw DynamoDbException.Validation($"The parameter '{name}' is required but was not present in the request");
            }
            if (shape.RequiredNotEmpty && present && value.ValueKind == JsonValueKind.Object && value.GetPropertyCount() == 0)
            {
                throw DynamoDbException.Validation($"The {LowerFirst(name)} parameter is required for {TypeName?.Replace("Input", "", StringComparison.Ordinal)}");
            }
            if (shape.TableName && present && value.ValueKind == JsonValueKind.String)
            {
                List<string>? nameErrors = null;
                TableNameErrors(value, null, name, ref nameErrors);
                if (nameErrors is not null)
                {
                    throw ValidationErrors(nameErrors);
                }
            }
        }
        List<string>? errors = null;
        for (var i = 0; i < _members.Length; i++)
        {
            var value = members[i];
            _members[i].Shape.CheckMember(_members[i].Name, value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : value, null, ref errors);
        }
        if (errors is { Count: > 0 })
        {
            throw ValidationErrors(errors);
        }
    }

    private static DynamoDbException ValidationErrors(List<string> errors) =>
        DynamoDbException.Validation($"{errors.Count} validation error{(errors.Count > 1 ? "s" : "")} detected: {string.Join("; ", errors)}");

    /// <summary>
    /// A table name's constraints as DynamoDB checks them since table ARNs are accepted in its place (2024): the member
    /// is 1 to 1,024 characters (an empty one fails that alone), and anything but a table's ARN must then be a table
    /// name: the name pattern, 3 to 255 characters. The dynamodb-conformance suite's answers, captured from DynamoDB,
    /// pin "Value '' ... greater than or equal to 1" for PutItem, "... greater than or equal to 3" for CreateTable's "ab",
    /// "... less than or equal to 255" for PutItem's 256 characters, and the pattern for PutItem's "bad table!@#".
    /// dynalite, from before ARNs, answers "TableName must be at least 3 characters long and at most 255 characters long"
    /// in table operations and the same constraint errors as here in item operations ("Value 'ab' at 'tableName' ...
    /// greater than or equal to 3"). Whether DynamoDB still refuses "ab" in an item operation today is not recorded;
    /// LocalAws keeps the constraint, since the rest of the name check evidently survived the change.
    /// </summary>
    private static void TableNameErrors(JsonElement value, string? parent, string name, ref List<string>? errors)
    {
        var text = value.GetString()!;
        if (text.Length == 0)
        {
            Add(ref errors, "Member must have length greater than or equal to 1", value, parent, name);
            return;
        }
        if (text.Length > 1024)
        {
            Add(ref errors, "Member must have length less than or equal to 1024", value, parent, name);
            return;
        }
        if (TableReference.IsTableArn(text))
        {
            return;
        }
        if (!IsName(text))
        {
            Add(ref errors, "Member must satisfy regular expression pattern: " + NamePattern, value, parent, name);
        }
        if (text.Length < 3)
        {
            Add(ref errors, "Member must have length greater than or equal to 3", value, parent, name);
        }
        if (text.Length > 255)
        {
            Add(ref errors, "Member must have length less than or equal to 255", value, parent, name);
        }
    }

    private static JsonElement? Find(JsonElement obj, ReadOnlySpan<byte> utf8Name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(utf8Name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private void CheckMember(string name, JsonElement? value, string? parent, ref List<string>? errors)
    {
        if (errors is { Count: >= 10 })
        {
            return;
        }
        if (NotNull && value is null)
        {
            Add(ref errors, "Member must not be null", null, parent, name);
        }
        if (value is not { } v)
        {
            return;
        }
        if (Min is { } min && v.ValueKind == JsonValueKind.Number && v.GetDouble() < min)
        {
            Add(ref errors, $"Member must have value greater than or equal to {min}", v, parent, name, this, wirePath: ReportedWithoutValue);
        }
        if (Max is { } max && v.ValueKind == JsonValueKind.Number && v.GetDouble() > max)
        {
            Add(ref errors, $"Member must have value less than or equal to {max}", v, parent, name, this);
        }
        if (TableName && parent is not null && v.ValueKind == JsonValueKind.String)
        {
            TableNameErrors(v, parent, name, ref errors);
        }
        if (Pattern is not null && v.ValueKind == JsonValueKind.String && !MatchesPattern(v.GetString()!))
        {
            Add(ref errors, "Member must satisfy regular expression pattern: " + Pattern, v, parent, name, this);
        }
        if (MinLength is { } minLength && Length(v) < minLength)
        {
            Add(ref errors, $"Member must have length greater than or equal to {minLength}", v, parent, name, this);
        }
        if (MaxLength is { } maxLength && Length(v) > maxLength)
        {
            Add(ref errors, $"Member must have length less than or equal to {maxLength}", v, parent, name, this, wirePath: ReportedWithoutValue);
        }
        if (Enum is not null && v.ValueKind == JsonValueKind.String && Array.IndexOf(Enum, v.GetString()) < 0)
        {
            Add(ref errors, $"Member must satisfy enum value set: [{string.Join(", ", Enum)}]", v, parent, name, this);
        }
        if (KeysAreTableNames && v.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in v.EnumerateObject())
            {
                if ((property.Name.Length is < 3 or > 255 || !IsName(property.Name)) && !TableReference.IsTableArn(property.Name))
                {
                    Add(ref errors, "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]", v, parent, name, this);
                }
            }
        }
        if (ValueLength is { } bounds && v.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in v.EnumerateObject())
            {
                if (Length(property.Value) < bounds.Min || Length(property.Value) > bounds.Max)
                {
                    Add(ref errors, $"Map value must satisfy constraint: [Member must have length less than or equal to {bounds.Max}, Member must have length greater than or equal to {bounds.Min}]", v, parent, name, this);
                }
            }
        }
        if (Kind is not (WireKind.List or WireKind.Map or WireKind.ValueStruct or WireKind.FieldStruct) || (Kind == WireKind.Map && Element?.Kind == WireKind.AttributeValue))
        {
            return; // nothing nested to check (attribute values are checked by the value model)
        }
        var path = (parent is null ? "" : parent + ".") + LowerFirst(name);
        switch (Kind)
        {
            case WireKind.List when Element is not null && v.ValueKind == JsonValueKind.Array:
                var index = 0;
                foreach (var element in v.EnumerateArray())
                {
                    index++;
                    Element.CheckMember("member", element.ValueKind == JsonValueKind.Null ? null : element, path + "." + index.ToString(CultureInfo.InvariantCulture), ref errors);
                }
                break;
            case WireKind.Map when Element is not null && Element.Kind != WireKind.AttributeValue && v.ValueKind == JsonValueKind.Object:
                foreach (var property in v.EnumerateObject())
                {
                    Element.CheckMember("member", property.Value.ValueKind == JsonValueKind.Null ? null : property.Value, path + "." + property.Name, ref errors);
                }
                break;
            case WireKind.ValueStruct or WireKind.FieldStruct when v.ValueKind == JsonValueKind.Object:
                for (var i = 0; i < _members.Length; i++)
                {
                    _members[i].Shape.CheckMember(_members[i].Name, Find(v, _memberUtf8Names[i]), path, ref errors);
                }
                break;
        }
    }

    private static int Length(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length,
        JsonValueKind.Array => value.GetArrayLength(),
        JsonValueKind.Object => value.EnumerateObject().Count(),
        _ => 0,
    };

    /// <param name="wirePath">Name the member by its path as the request spells it and leave the value out (<see cref="ReportedWithoutValue"/>).</param>
    private static void Add(ref List<string>? errors, string constraint, JsonElement? value, string? parent, string name, WireShape? shape = null, bool wirePath = false)
    {
        errors ??= [];
        if (errors.Count >= 10)
        {
            return;
        }
        if (wirePath)
        {
            errors.Add($"Value at '{(parent is null ? "" : UpperFirst(parent) + ".")}{name}' failed to satisfy constraint: {constraint}");
            return;
        }
        var shown = value is { } v ? "'" + Describe(v, shape) + "'" : "null";
        errors.Add($"Value {shown} at '{(parent is null ? "" : parent + ".")}{LowerFirst(name)}' failed to satisfy constraint: {constraint}");
    }

    /// <summary>
    /// How DynamoDB prints a value in a constraint message: as its Java objects' toString, lists as [a, b], maps as
    /// {k=v}, structures as <c>KeySchemaElement(attributeName=pk, keyType=HASH)</c> with every member of the structure
    /// (the dynamodb-conformance suite captured that form from DynamoDB for CreateTable's KeySchema and the {table=[...]}
    /// envelope for BatchWriteItem's requests). An attribute value shows only the type it has. dynalite, from an older
    /// DynamoDB, prints structures as JSON.
    /// </summary>
    internal static string Describe(JsonElement value, WireShape? shape = null) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? "null" : Describe(e, shape?.Element))) + "]",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object when shape is { Kind: WireKind.ValueStruct or WireKind.FieldStruct, TypeName: { } type } =>
            type + "(" + string.Join(", ", shape._members.Select((m, i) =>
                LowerFirst(m.Name) + "=" + (Find(value, shape._memberUtf8Names[i]) is { } member ? Describe(member, m.Shape) : "null"))) + ")",
        JsonValueKind.Object when shape is { Kind: WireKind.Map } =>
            "{" + string.Join(", ", value.EnumerateObject().Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.Null ? "null" : Describe(p.Value, shape.Element)))) + "}",
        JsonValueKind.Object when shape is { Kind: WireKind.AttributeValue } =>
            "AttributeValue(" + string.Join(", ", value.EnumerateObject().Select(p => LowerFirst(p.Name) + "=" + (p.Value.ValueKind == JsonValueKind.Null ? "null" : Describe(p.Value, AttributeValueMemberShape(p.Name))))) + ")",
        _ => value.GetRawText(),
    };

    private static WireShape? AttributeValueMemberShape(string type) => type switch
    {
        "M" => AttributeMap(),
        "L" => List(AttributeValueShape),
        _ => null,
    };

    private static string UpperFirst(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    internal static string LowerFirst(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
