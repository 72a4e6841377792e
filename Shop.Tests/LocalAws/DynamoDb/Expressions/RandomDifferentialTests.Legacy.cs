using System.Text.Json.Nodes;
using CsCheck;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

/// <summary>
/// The legacy parameters at random: ScanFilter maps over random items, and AttributeUpdates (with an Expected
/// condition) on random items, against dynalite. ConditionalOperator OR is drawn only for a single condition, where
/// dynalite (which decides an OR by its first condition) and AWS agree.
/// </summary>
public sealed partial class RandomDifferentialTests
{
    private static readonly string[] LegacyNames = ["a", "b", "c", "d"];

    private static readonly string[] ComparisonOperators = ["EQ", "NE", "LT", "LE", "GT", "GE", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH", "IN", "BETWEEN", "NULL", "NOT_NULL"];

    /// <summary>Mostly the types every operator takes (S, N, B), so that most conditions get evaluated, not refused.</summary>
    private static readonly Gen<AttributeValue> ComparableValue = Gen.Frequency(
        (4, Scalar.Where(v => v.Type is AttributeType.S or AttributeType.N or AttributeType.B)), (1, Scalar));

    /// <summary>One legacy condition: an operator with zero to three values, mostly as many as it takes.</summary>
    private static readonly Gen<JsonObject> LegacyCondition =
        Gen.Select(Gen.OneOf(ComparisonOperators), ComparableValue.Array[0, 3], Gen.Int[0, 9]).Select((op, values, shape) =>
        {
            var count = shape == 0 ? values.Length : op switch { "NULL" or "NOT_NULL" => 0, "BETWEEN" => 2, "IN" => Math.Max(1, values.Length), _ => 1 };
            var list = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                // BETWEEN's bounds share a type more often than not, so that the comparison itself gets exercised.
                list.Add(ValueNode(i < values.Length ? values[i] : values.Length > 0 ? values[0] : AttributeValue.FromS("a")));
            }
            var condition = new JsonObject { ["ComparisonOperator"] = op };
            if (count > 0 || shape == 0)
            {
                condition["AttributeValueList"] = list;
            }
            return condition;
        });

    private static readonly Gen<JsonObject> LegacyConditions =
        Gen.Select(Gen.Shuffle(LegacyNames, 1, 3), LegacyCondition.Array[3, 3]).Select((names, conditions) =>
        {
            var map = new JsonObject();
            for (var i = 0; i < names.Length; i++)
            {
                map[names[i]] = conditions[i];
            }
            return map;
        });

    [Fact]
    public async Task Random_legacy_scan_filters_agree_with_dynalite()
    {
        var (random, count) = Seeded(400);
        var table = await CreateTableOfRandomItemsAsync(random);
        var differences = new List<string>();
        var cases = 0;
        foreach (var (filter, or) in Enumerable.Range(0, count).Select(_ => Gen.Select(LegacyConditions, Gen.Bool).Generate(random, null, out var _)))
        {
            cases++;
            var request = new JsonObject { ["TableName"] = table, ["ScanFilter"] = filter };
            if (filter.Count == 1 && or)
            {
                request["ConditionalOperator"] = "OR";
            }
            else if (or)
            {
                request["ConditionalOperator"] = "AND";
            }
            var (answer, dynalite) = await BothAsync("Scan", request.ToJsonString());
            if (Compare(answer, dynalite, "Items") is { } difference)
            {
                differences.Add($"ScanFilter {filter.ToJsonString()}\n  {difference}");
            }
        }
        Report(differences, cases);
    }

    private static readonly string[] Actions = ["PUT", "ADD", "DELETE", ""];

    /// <summary>Mostly what ADD and DELETE take (numbers, sets, and lists for ADD), so that most updates get applied, not refused.</summary>
    private static readonly Gen<AttributeValue> AddableValue = Gen.Frequency(
        (4, Scalar.Where(v => v.Type is AttributeType.N or AttributeType.SS or AttributeType.NS or AttributeType.BS)),
        (1, ExpressionPropertyTests.DocumentOf(1, Scalar)));

    /// <summary>One AttributeUpdates entry: an action (or none, PUT by default) with a value (or none).</summary>
    private static readonly Gen<JsonObject> AttributeUpdate =
        Gen.Select(Gen.OneOf(Actions), ExpressionPropertyTests.DocumentOf(1, Scalar), AddableValue, Gen.Int[0, 4]).Select((action, any, addable, shape) =>
        {
            var value = action == "ADD" || (action == "DELETE" && addable.Type != AttributeType.N) ? addable : any;
            var update = new JsonObject();
            if (action.Length > 0)
            {
                update["Action"] = action;
            }
            if (shape > 0 || action != "DELETE")
            {
                update["Value"] = ValueNode(value);
            }
            return update;
        });

    [Fact]
    public async Task Random_legacy_attribute_updates_agree_with_dynalite()
    {
        var table = await CreateTableAsync();
        var differences = new List<string>();
        var (random, count) = Seeded(800);
        var cases = 0;
        var generator = Gen.Select(Items, Gen.Shuffle(LegacyNames, 1, 3), AttributeUpdate.Array[3, 3], LegacyConditions.Null(0.6));
        foreach (var (item, names, updates, expected) in Enumerable.Range(0, count).Select(_ => generator.Generate(random, null, out var _)))
        {
            cases++;
            var key = "u" + cases;
            var stored = new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal) { ["pk"] = AttributeValue.FromS(key) };
            var (putOurs, putTheirs) = await BothAsync("PutItem", $$"""{"TableName":"{{table}}","Item":{{ItemJson(stored)}}}""");
            if (putOurs.Status != putTheirs.Status)
            {
                differences.Add($"PutItem {ItemJson(stored)}: {putOurs.RawBody} | {putTheirs.RawBody}");
                continue;
            }
            var attributeUpdates = new JsonObject();
            for (var i = 0; i < names.Length; i++)
            {
                attributeUpdates[names[i]] = updates[i];
            }
            var request = new JsonObject
            {
                ["TableName"] = table,
                ["Key"] = new JsonObject { ["pk"] = new JsonObject { ["S"] = key } },
                ["AttributeUpdates"] = attributeUpdates,
                ["ReturnValues"] = "ALL_NEW",
            };
            if (expected is not null)
            {
                // One condition: an OR of several is where dynalite departs (it decides by the first).
                var (name, condition) = expected.First();
                request["Expected"] = new JsonObject { [name] = condition!.DeepClone() };
            }
            var (ours, theirs) = await BothAsync("UpdateItem", request.ToJsonString());
            if (expected is not null && ours.Message?.EndsWith(" AttributeValue type", StringComparison.Ordinal) == true)
            {
                // Expected is held to its operator's value types, as the API reference states (see DynamoDbDifferentialTests.Legacy).
                continue;
            }
            if (Compare(ours, theirs, "Attributes") is { } difference)
            {
                differences.Add($"item {ItemJson(item)}\n  AttributeUpdates: {attributeUpdates.ToJsonString()}\n  Expected: {request["Expected"]?.ToJsonString()}\n  {difference}");
            }
        }
        Report(differences, cases);
    }

    private static JsonNode ValueNode(AttributeValue value) => JsonNode.Parse(ItemJson(new Dictionary<string, AttributeValue> { ["v"] = value }))!["v"]!.DeepClone();
}
