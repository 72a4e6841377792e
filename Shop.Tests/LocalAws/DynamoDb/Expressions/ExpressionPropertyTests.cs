using System.Text;
using System.Text.Json;
using CsCheck;
using Shop.LocalAws.DynamoDb;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

/// <summary>
/// Random documents and random expressions: the engine may refuse an expression or an update only with a
/// DynamoDbException (AWS's error), never with any other exception, and what it accepts behaves consistently.
/// </summary>
public class ExpressionPropertyTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];
    internal static readonly string[] Placeholders = [":v0", ":v1", ":v2", ":v3", ":v4"];

    internal static readonly Gen<AttributeValue> Scalar = ScalarOf(Gen.String[Gen.Char["abcxyz"], 0, 4], Gen.Byte.Array[0, 3], Gen.Byte);

    /// <summary>A value of every scalar and set type, its strings, binaries and binary set members drawn from the given generators.</summary>
    internal static Gen<AttributeValue> ScalarOf(Gen<string> strings, Gen<byte[]> binaries, Gen<byte> bytes) => Gen.OneOf(
        strings.Select(AttributeValue.FromS),
        Gen.Int[-20, 20].Select(i => AttributeValue.FromN(DynamoNumber.FromInt64(i))),
        Gen.Select(Gen.Int[-99, 99], Gen.Int[-3, 3]).Select((m, e) => AttributeValue.FromN(DynamoNumber.Parse($"{m}e{e}"))),
        binaries.Select(AttributeValue.FromB),
        Gen.Bool.Select(AttributeValue.FromBool),
        Gen.Const(AttributeValue.Null),
        Gen.String[Gen.Char["xyz"], 1, 2].HashSet[1, 3].Select(set => AttributeValue.FromSS(set)),
        Gen.Int[0, 5].HashSet[1, 3].Select(set => AttributeValue.FromNS(set.Select(i => DynamoNumber.FromInt64(i)))),
        bytes.HashSet[1, 3].Select(set => AttributeValue.FromBS(set.Select(b => new[] { b }))));

    internal static Gen<AttributeValue> Document(int depth) => DocumentOf(depth, Scalar);

    internal static Gen<AttributeValue> DocumentOf(int depth, Gen<AttributeValue> scalar) => depth == 0
        ? scalar
        : Weighted(
            (4, scalar),
            (1, DocumentOf(depth - 1, scalar).Array[0, 3].Select(elements => AttributeValue.FromL(elements))),
            (1, Gen.OneOf(Names).Dictionary(DocumentOf(depth - 1, scalar))[0, 3].Select(map => AttributeValue.FromM(map))));

    internal static readonly Gen<Dictionary<string, AttributeValue>> Items = ItemsOf(Scalar);

    internal static Gen<Dictionary<string, AttributeValue>> ItemsOf(Gen<AttributeValue> scalar) =>
        Gen.OneOf(Names).Dictionary(DocumentOf(2, scalar))[0, 4].Select(map => new Dictionary<string, AttributeValue>(map, StringComparer.Ordinal));

    internal static readonly Gen<Dictionary<string, AttributeValue>> ValueSets = ValueSetsOf(Scalar);

    internal static Gen<Dictionary<string, AttributeValue>> ValueSetsOf(Gen<AttributeValue> scalar) =>
        Gen.Select(DocumentOf(2, scalar), DocumentOf(1, scalar), scalar, scalar, scalar).Select((v0, v1, v2, v3, v4) =>
            new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":v0"] = v0, [":v1"] = v1, [":v2"] = v2, [":v3"] = v3, [":v4"] = v4 });

    internal static readonly Gen<string> Path =
        Gen.Select(Gen.OneOf(Names.Append("#n").ToArray()), Gen.OneOf(Gen.OneOf(Names).Select(n => "." + n), Gen.Int[0, 3].Select(i => $"[{i}]")).Array[0, 2])
            .Select((head, tail) => head + string.Concat(tail));

    private static readonly Gen<string> Operand = Weighted(
        (3, Path), (3, Gen.OneOf(Placeholders)), (1, Path.Select(p => $"size({p})")));

    internal static Gen<string> Condition(int depth)
    {
        var atom = Gen.OneOf(
            Gen.Select(Operand, Gen.OneOf("=", "<>", "<", "<=", ">", ">="), Operand).Select((l, op, r) => $"{l} {op} {r}"),
            Gen.Select(Operand, Operand, Operand).Select((x, lo, hi) => $"{x} BETWEEN {lo} AND {hi}"),
            Gen.Select(Operand, Operand.Array[1, 3]).Select((x, list) => $"{x} IN ({string.Join(", ", list)})"),
            Path.Select(p => $"attribute_exists({p})"),
            Path.Select(p => $"attribute_not_exists({p})"),
            Gen.Select(Path, Gen.OneOf(Placeholders)).Select((p, v) => $"attribute_type({p}, {v})"),
            Gen.Select(Path, Operand).Select((p, v) => $"begins_with({p}, {v})"),
            Gen.Select(Path, Operand).Select((p, v) => $"contains({p}, {v})"));
        if (depth == 0)
        {
            return atom;
        }
        var inner = Condition(depth - 1);
        return Weighted(
            (3, atom),
            (1, Gen.Select(inner, inner).Select((l, r) => $"{l} AND {r}")),
            (1, Gen.Select(inner, inner).Select((l, r) => $"{l} OR {r}")),
            (1, inner.Select(c => $"NOT ({c})")),
            (1, inner.Select(c => $"({c})")));
    }

    internal static readonly Gen<string> UpdateAction = Gen.OneOf(
        Gen.Select(Path, Operand).Select((p, v) => $"SET {p} = {v}"),
        Gen.Select(Path, Operand, Gen.OneOf("+", "-"), Operand).Select((p, l, op, r) => $"SET {p} = {l} {op} {r}"),
        Gen.Select(Path, Path, Operand).Select((p, q, v) => $"SET {p} = if_not_exists({q}, {v})"),
        Gen.Select(Path, Operand, Operand).Select((p, l, r) => $"SET {p} = list_append({l}, {r})"),
        Path.Select(p => $"REMOVE {p}"),
        Gen.Select(Path, Gen.OneOf(Placeholders)).Select((p, v) => $"ADD {p} {v}"),
        Gen.Select(Path, Gen.OneOf(Placeholders)).Select((p, v) => $"DELETE {p} {v}"));

    private static readonly string[] Vocabulary =
    [
        "a", "b", "c.d", "#n", "#zz", ":v0", ":v1", ":none", "=", "<>", "<", ">=", "(", ")", "[", "]", "[0]", ".", ",", "0", "7",
        "AND", "OR", "NOT", "BETWEEN", "IN", "size", "contains", "begins_with", "attribute_exists", "if_not_exists", "list_append",
        "SET", "REMOVE", "ADD", "DELETE", "+", "-", "&", "'", "\"", "name", "é", "\t", "", "((", "))",
    ];

    private static readonly Gen<string> Garbage =
        Gen.Select(Gen.OneOf(Vocabulary), Gen.OneOf("", " ")).Select((token, space) => token + space).Array[0, 12]
            .Select(string.Concat);

    private static Gen<T> Weighted<T>(params (int Weight, Gen<T> Gen)[] choices) =>
        Gen.Frequency(choices.Select(choice => (choice.Weight, (IGen<T>)choice.Gen)).ToArray());

    private static ExpressionAttributes AttributesFor(Dictionary<string, AttributeValue> values) =>
        new(new Dictionary<string, string> { ["#n"] = "a" }, values);

    private static bool OnlyDynamoDbErrors(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (DynamoDbException e)
        {
            return e.Code == "ValidationException" && e.Message.Length > 0;
        }
    }

    [Fact]
    public void Generated_conditions_parse_and_evaluate_or_fail_with_a_validation_error() =>
        Gen.Select(Condition(2), Items, ValueSets).Sample((condition, item, values) => OnlyDynamoDbErrors(() =>
        {
            var parsed = ConditionExpression.Parse(condition, AttributesFor(values));
            parsed.Evaluate(item);
            parsed.Evaluate(null);
        }), iter: 3000);

    [Fact]
    public void Generated_conditions_are_never_syntax_errors() =>
        Gen.Select(Condition(2), Items).Sample((condition, item) =>
        {
            // With values of every usable type the grammar itself must accept every generated condition, unless a
            // generated operand repeats or a size() lands where only a path may go.
            var values = new Dictionary<string, AttributeValue>
            {
                [":v0"] = AttributeValue.FromS("x"), [":v1"] = AttributeValue.FromS("S"), [":v2"] = AttributeValue.FromS("N"),
                [":v3"] = AttributeValue.FromS("y"), [":v4"] = AttributeValue.FromS("z"),
            };
            try
            {
                ConditionExpression.Parse(condition, AttributesFor(values)).Evaluate(item);
                return true;
            }
            catch (DynamoDbException e)
            {
                return !e.Message.Contains("Syntax error", StringComparison.Ordinal);
            }
        }, iter: 2000);

    [Fact]
    public void Generated_updates_apply_or_fail_with_a_validation_error() =>
        Gen.Select(UpdateAction.Array[1, 3], Items, ValueSets).Sample((actions, item, values) => OnlyDynamoDbErrors(() =>
        {
            var update = UpdateExpression.Parse(string.Join(" ", actions), AttributesFor(values));
            var before = Write(item);
            var after = update.Apply(item);
            if (Write(item) != before)
            {
                throw new InvalidOperationException("Apply changed the existing item");
            }
            foreach (var value in after.Values)
            {
                if (value.IsSet && value.Count == 0)
                {
                    throw new InvalidOperationException("An update left an empty set");
                }
            }
        }), iter: 3000);

    [Fact]
    public void Garbage_never_escapes_as_anything_but_AWS_errors() =>
        Gen.Select(Garbage, Items, ValueSets).Sample((text, item, values) =>
            OnlyDynamoDbErrors(() => ConditionExpression.Parse(text, AttributesFor(values)).Evaluate(item)) &&
            OnlyDynamoDbErrors(() => UpdateExpression.Parse(text, AttributesFor(values)).Apply(item)) &&
            OnlyDynamoDbErrors(() => ProjectionExpression.Parse(text, AttributesFor(values)).Project(item)) &&
            OnlyDynamoDbErrors(() => KeyConditionExpression.Parse(text, AttributesFor(values), "a", "b",
                new Dictionary<string, AttributeType> { ["a"] = AttributeType.S, ["b"] = AttributeType.N })),
            iter: 5000);

    [Fact]
    public void Values_set_by_an_update_are_what_a_projection_of_the_same_paths_returns() =>
        Gen.Select(Items, Document(2), Document(1), Gen.OneOf(Names), Gen.OneOf(Names)).Sample((item, v0, v1, first, second) =>
        {
            if (first == second)
            {
                return true;
            }
            var values = new Dictionary<string, AttributeValue> { [":v0"] = v0, [":v1"] = v1 };
            var attributes = new ExpressionAttributes(null, values);
            var updated = UpdateExpression.Parse($"SET {first} = :v0, {second} = :v1", attributes).Apply(item);
            var projected = ProjectionExpression.Parse($"{second}, {first}", attributes).Project(updated);
            return projected.Count == 2 && projected[first].Equals(v0) && projected[second].Equals(v1) &&
                   updated.Count == item.Count + (item.ContainsKey(first) ? 0 : 1) + (item.ContainsKey(second) ? 0 : 1);
        }, iter: 2000);

    [Fact]
    public void Nested_sets_are_visible_through_nested_projections() =>
        Gen.Select(Document(1), Gen.OneOf(Names), Gen.OneOf(Names)).Sample((value, outer, inner) =>
        {
            var values = new Dictionary<string, AttributeValue> { [":v0"] = value };
            var attributes = new ExpressionAttributes(null, values);
            var item = new Dictionary<string, AttributeValue> { [outer] = AttributeValue.FromM([]) };
            var updated = UpdateExpression.Parse($"SET {outer}.{inner} = :v0", attributes).Apply(item);
            var projected = ProjectionExpression.Parse($"{outer}.{inner}", attributes).Project(updated);
            return projected[outer].M[inner].Equals(value) && ConditionExpression.Parse($"{outer}.{inner} = :v0", attributes).Evaluate(updated);
        }, iter: 1000);

    [Fact]
    public void Documents_round_trip_through_the_wire_form() =>
        Items.Sample(item =>
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                Item.WriteJson(writer, item);
            }
            var read = Item.ReadJson(JsonDocument.Parse(stream.ToArray()).RootElement);
            return SameItem(read, item) && Item.Size(read) == Item.Size(item);
        }, iter: 2000);

    [Fact]
    public void Item_size_is_at_least_the_UTF8_length_of_names_and_strings() =>
        Items.Sample(item =>
        {
            var floor = 0;
            foreach (var (name, value) in item)
            {
                floor += Encoding.UTF8.GetByteCount(name) + (value.Type == AttributeType.S ? Encoding.UTF8.GetByteCount(value.S) : 0);
            }
            return Item.Size(item) >= floor;
        }, iter: 1000);
}
