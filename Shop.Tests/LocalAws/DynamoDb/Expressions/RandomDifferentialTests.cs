using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Shop.LocalAws.DynamoDb.Model;
using Xunit.Abstractions;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

/// <summary>
/// Random items with random update expressions and conditions (UpdateItem), and random filters and projections over a
/// table of random items (Scan), sent over the wire to LocalAws and to dynalite: status, error type, message and the
/// items must agree. Where dynalite is known to depart from AWS, the case is left out and the reason written down
/// below; where LocalAws follows AWS against dynalite, the comparison says so. The generators draw from a fixed seed
/// (string hashing still varies the sets between runs); LOCALAWS_DIFFERENTIAL_SEED and LOCALAWS_DIFFERENTIAL_CASES
/// explore further.
/// </summary>
public sealed partial class RandomDifferentialTests(DynaliteFixture fixture, ITestOutputHelper output) : IClassFixture<DynaliteFixture>
{
    private readonly DynamoDbWire _localAws = new(fixture.CreateHttpClient());
    private readonly DynamoDbWire _dynalite = new(new HttpClient { BaseAddress = fixture.DynaliteUrl });

    [GeneratedRegex(@"[:#][A-Za-z0-9_]+")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"SET (?<target>\S+) = (?<value>.*?)(?= (?:REMOVE|ADD|DELETE) |$)")]
    private static partial Regex SetAction();

    [GeneratedRegex(@"(?<![:#\w])[#a-z][\w]*(\.[a-z]\w*|\[\d+\])*")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"contains\([^,]+, (?<value>:v\d)\)")]
    private static partial Regex ContainsValue();

    [GeneratedRegex(@"(?<value>:v\d) (=|<>) |(=|<>) (?<value>:v\d)")]
    private static partial Regex EqualityValue();

    [GeneratedRegex(@" IN \((?<values>[^)]*)\)")]
    private static partial Regex InValues();

    /// <summary>
    /// Conditions where dynalite departs from the developer guide, left out:
    /// <list type="bullet">
    /// <item>contains(list, value) is true when the list has an element equal to the value, of any type (ExpressionNodes'
    /// Contains); dynalite only finds string, number and binary elements.</item>
    /// <item>=, &lt;&gt; and IN compare maps and lists by their contents ("EQ is supported for all data types, including
    /// lists and maps"); dynalite compares them by reference, so a map never equals another.</item>
    /// <item>IN: dynalite skips an attribute whose value is false, so "flag IN (:false)" never holds there.</item>
    /// </list>
    /// </summary>
    private static bool DynaliteDeparts(string? condition, Dictionary<string, AttributeValue> values)
    {
        if (condition is null)
        {
            return false;
        }
        static bool Composite(AttributeValue value) => value.Type is AttributeType.M or AttributeType.L;
        return ContainsValue().Matches(condition).Any(m => values[m.Groups["value"].Value].Type is not (AttributeType.S or AttributeType.N or AttributeType.B))
            || EqualityValue().Matches(condition).Any(m => Composite(values[m.Groups["value"].Value]))
            || InValues().Matches(condition).SelectMany(m => m.Groups["values"].Value.Split(", "))
                .Select(name => values[name]).Any(value => Composite(value) || value.Equals(AttributeValue.False));
    }

    [GeneratedRegex(@"(?:SET|REMOVE|ADD|DELETE) (?<target>[^\s=,]+)")]
    private static partial Regex ActionTarget();

    /// <summary>
    /// dynalite's SET copies a reference to the attribute's JavaScript object, not its value: when the same update
    /// then changes something below the copied attribute (<c>SET c = b REMOVE b.x</c>, or <c>SET b.c = b</c>, on
    /// which its process dies of the cycle), the copy changes too. AWS evaluates every operand against the item as it
    /// was. Such updates are left out.
    /// </summary>
    private static bool ChangesBelowACopy(string update)
    {
        if (SetAction().Match(update) is not { Success: true } set)
        {
            return false;
        }
        static string Resolved(string path) => path.Replace("#n", "a", StringComparison.Ordinal);
        var sources = PathPattern().Matches(set.Groups["value"].Value).Select(m => Resolved(m.Value)).ToList();
        return ActionTarget().Matches(update).Select(m => Resolved(m.Groups["target"].Value))
            .Any(target => sources.Any(source => target.StartsWith(source + ".", StringComparison.Ordinal) || target.StartsWith(source + "[", StringComparison.Ordinal)));
    }

    private static readonly Gen<string> Placeholder = Gen.OneOf(ExpressionPropertyTests.Placeholders);

    /// <summary>
    /// Values without the empty string or binary, and binaries of 7-bit bytes: dynalite takes an empty value for a
    /// missing one (so size("") is not 0 and "" IN (...) is false), and compares binaries as UTF-8 text, which makes
    /// every invalid byte equal to every other. Empty values and binary ordering have their own tests.
    /// </summary>
    private static readonly Gen<AttributeValue> Scalar = ExpressionPropertyTests.ScalarOf(
        Gen.String[Gen.Char["abcxyz"], 1, 4], Gen.Byte[1, 127].Array[1, 3], Gen.Byte[1, 127]);

    private static readonly Gen<Dictionary<string, AttributeValue>> Items = ExpressionPropertyTests.ItemsOf(Scalar);

    private static readonly Gen<Dictionary<string, AttributeValue>> ValueSets = ExpressionPropertyTests.ValueSetsOf(Scalar);

    private static readonly Gen<string> Subject = Gen.Frequency(
        (3, (IGen<string>)ExpressionPropertyTests.Path), (1, ExpressionPropertyTests.Path.Select(p => $"size({p})")));

    /// <summary>
    /// Conditions whose comparisons and functions compare an attribute with a value. dynalite departs from AWS when
    /// both sides are attributes that are missing: it takes "missing = missing" and "missing &gt;= missing" for true
    /// (AWS: false), and its process dies on begins_with of two missing attributes.
    /// </summary>
    private static Gen<string> Condition(int depth)
    {
        var atom = Gen.OneOf(
            Gen.Select(Subject, Gen.OneOf("=", "<>", "<", "<=", ">", ">="), Placeholder, Gen.Bool)
                .Select((x, op, v, flip) => flip ? $"{v} {op} {x}" : $"{x} {op} {v}"),
            Gen.Select(Subject, Placeholder, Placeholder).Select((x, lo, hi) => $"{x} BETWEEN {lo} AND {hi}"),
            Gen.Select(Subject, Placeholder.Array[1, 3]).Select((x, list) => $"{x} IN ({string.Join(", ", list)})"),
            ExpressionPropertyTests.Path.Select(p => $"attribute_exists({p})"),
            ExpressionPropertyTests.Path.Select(p => $"attribute_not_exists({p})"),
            Gen.Select(ExpressionPropertyTests.Path, Placeholder).Select((p, v) => $"attribute_type({p}, {v})"),
            Gen.Select(ExpressionPropertyTests.Path, Placeholder).Select((p, v) => $"begins_with({p}, {v})"),
            Gen.Select(ExpressionPropertyTests.Path, Placeholder).Select((p, v) => $"contains({p}, {v})"));
        if (depth == 0)
        {
            return atom;
        }
        var inner = Condition(depth - 1);
        return Gen.Frequency(
            (3, (IGen<string>)atom),
            (1, Gen.Select(inner, inner).Select((l, r) => $"{l} AND {r}")),
            (1, Gen.Select(inner, inner).Select((l, r) => $"{l} OR {r}")),
            (1, inner.Select(c => $"NOT ({c})")),
            (1, inner.Select(c => $"({c})")));
    }

    private static readonly Gen<string> Update =
        Gen.Select(ExpressionPropertyTests.UpdateAction, ExpressionPropertyTests.UpdateAction, Gen.Bool)
            .Select((first, second, two) => two && first.Split(' ')[0] != second.Split(' ')[0] ? first + " " + second : first);

    private static readonly Gen<(Dictionary<string, AttributeValue> Item, string Update, string? Condition, Dictionary<string, AttributeValue> Values)> Cases =
        Gen.Select(Items, Update, Condition(2).Null(0.5), ValueSets);

    /// <summary>
    /// AWS refuses a value that cannot be ordered (not S, N or B) in &lt;, &lt;=, &gt;, &gt;= and BETWEEN while parsing;
    /// dynalite lets the comparison be false (see ConditionGrammar.CheckOrderable).
    /// </summary>
    [GeneratedRegex(@"^Invalid [A-Za-z]+: Incorrect operand type for operator or function; operator or function: (<|<=|>|>=|BETWEEN), operand type: ")]
    private static partial Regex UnorderableValue();

    /// <summary>The seed and number of cases; LOCALAWS_DIFFERENTIAL_SEED and LOCALAWS_DIFFERENTIAL_CASES explore further.</summary>
    private static (PCG Random, int Cases) Seeded(int cases) => (
        new PCG(uint.Parse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_SEED") ?? "12345", System.Globalization.CultureInfo.InvariantCulture)),
        int.Parse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_CASES") ?? cases.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Random_updates_and_conditions_agree_with_dynalite()
    {
        var table = await CreateTableAsync();
        var differences = new List<string>();
        var (random, count) = Seeded(1500);
        var cases = 0;
        foreach (var (item, update, condition, values) in Enumerable.Range(0, count).Select(_ => Cases.Generate(random, null, out var _)))
        {
            if (ChangesBelowACopy(update) || DynaliteDeparts(condition, values))
            {
                continue;
            }
            cases++;
            var key = "k" + cases;
            var stored = new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal) { ["pk"] = AttributeValue.FromS(key) };
            var put = $$"""{"TableName":"{{table}}","Item":{{ItemJson(stored)}}}""";
            var (putOurs, putTheirs) = await BothAsync("PutItem", put);
            if (putOurs.Status != putTheirs.Status)
            {
                differences.Add($"PutItem {put}: {putOurs.RawBody} | {putTheirs.RawBody}");
                continue;
            }
            var request = new JsonObject
            {
                ["TableName"] = table,
                ["Key"] = new JsonObject { ["pk"] = new JsonObject { ["S"] = key } },
                ["UpdateExpression"] = update,
                ["ReturnValues"] = "ALL_NEW",
            };
            if (condition is not null)
            {
                request["ConditionExpression"] = condition;
            }
            AddPlaceholders(request, values, update + " " + condition);
            var (ours, theirs) = await BothAsync("UpdateItem", request.ToJsonString());
            if (Compare(ours, theirs, "Attributes") is { } difference)
            {
                differences.Add($"item {ItemJson(item)}\n  update: {update}\n  condition: {condition}\n  values: {request["ExpressionAttributeValues"]?.ToJsonString()}\n  {difference}");
            }
        }
        Report(differences, cases);
    }

    [Fact]
    public async Task Random_scans_with_filters_and_projections_agree_with_dynalite()
    {
        var (random, count) = Seeded(400);
        var table = await CreateTableOfRandomItemsAsync(random);
        var differences = new List<string>();
        var cases = 0;
        foreach (var (filter, projection, values) in Enumerable.Range(0, count).Select(_ => Scans.Generate(random, null, out var _)))
        {
            if (DynaliteDeparts(filter, values))
            {
                continue;
            }
            cases++;
            var request = new JsonObject { ["TableName"] = table, ["FilterExpression"] = filter };
            if (projection is not null)
            {
                // The key stays in every projection, so that answers can be matched item by item.
                request["ProjectionExpression"] = "pk, " + projection;
            }
            AddPlaceholders(request, values, filter + " " + projection);
            var (ours, theirs) = await BothAsync("Scan", request.ToJsonString());
            if (Compare(ours, theirs, "Items") is { } difference)
            {
                differences.Add($"filter: {filter}\n  projection: {projection}\n  values: {request["ExpressionAttributeValues"]?.ToJsonString()}\n  {difference}");
            }
        }
        Report(differences, cases);
    }

    private static readonly Gen<string> Projection =
        ExpressionPropertyTests.Path.Array[1, 3].Select(paths => string.Join(", ", paths));

    private static readonly Gen<(string Filter, string? Projection, Dictionary<string, AttributeValue> Values)> Scans =
        Gen.Select(Condition(2), Projection.Null(0.5), ValueSets);

    [Theory]
    [InlineData("N")]
    [InlineData("S")]
    [InlineData("B")]
    public async Task Random_queries_and_their_pages_agree_with_dynalite(string sortKeyType)
    {
        var table = await CreateTableAsync(sortKeyType);
        var (random, count) = Seeded(150);
        var sortKeys = SortKey(sortKeyType);
        foreach (var (partition, sortKey, v) in Gen.Select(Gen.OneOf("a", "b"), sortKeys, Gen.Int[0, 9]).Array[60, 60].Generate(random, null, out var _))
        {
            var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["pk"] = AttributeValue.FromS(partition), ["sk"] = sortKey, ["v"] = AttributeValue.FromN(DynamoNumber.FromInt64(v)),
            };
            var (ours, theirs) = await BothAsync("PutItem", $$"""{"TableName":"{{table}}","Item":{{ItemJson(item)}}}""");
            Assert.Equal((200, 200), (ours.Status, theirs.Status));
        }
        var operators = sortKeyType == "N" ? new[] { "=", "<", "<=", ">", ">=", "BETWEEN" } : ["=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"];
        var queries = Gen.Select(Gen.OneOf(operators).Null(0.3), sortKeys, sortKeys, Gen.Bool, Gen.Int[1, 7].Nullable(0.3), Gen.Int[0, 9].Nullable(0.6));
        var differences = new List<string>();
        foreach (var (op, first, second, forward, limit, minimum) in Enumerable.Range(0, count).Select(_ => queries.Generate(random, null, out var _)))
        {
            var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":p"] = AttributeValue.FromS("a") };
            var condition = "pk = :p";
            switch (op)
            {
                case null:
                    break;
                case "BETWEEN":
                    var (low, high) = Shop.LocalAws.DynamoDb.Expressions.ValueOrdering.Compare(first, second) <= 0 ? (first, second) : (second, first);
                    (values[":lo"], values[":hi"]) = (low, high);
                    condition += " AND sk BETWEEN :lo AND :hi";
                    break;
                case "begins_with":
                    values[":s"] = Prefix(first);
                    condition += " AND begins_with(sk, :s)";
                    break;
                default:
                    values[":s"] = first;
                    condition += $" AND sk {op} :s";
                    break;
            }
            var request = new JsonObject
            {
                ["TableName"] = table,
                ["KeyConditionExpression"] = condition,
                ["ScanIndexForward"] = forward,
            };
            if (limit is not null)
            {
                request["Limit"] = limit;
            }
            if (minimum is not null)
            {
                values[":min"] = AttributeValue.FromN(DynamoNumber.FromInt64(minimum.Value));
                request["FilterExpression"] = "v >= :min";
            }
            request["ExpressionAttributeValues"] = JsonNode.Parse(ItemJson(values));
            // Every page, following LastEvaluatedKey, must be the same page.
            for (var page = 0; page < 80; page++)
            {
                var (ours, theirs) = await BothAsync("Query", request.ToJsonString());
                var difference = ComparePage(ours, theirs);
                if (difference is not null)
                {
                    differences.Add($"{request.ToJsonString()}\n  page {page}: {difference}");
                    break;
                }
                if (ours.Body?["LastEvaluatedKey"] is not JsonObject next)
                {
                    break;
                }
                request["ExclusiveStartKey"] = next.DeepClone();
            }
        }
        Report(differences, count);
    }

    /// <summary>Sort keys of one type; strings and binaries short enough that prefixes and equal keys are common.</summary>
    private static Gen<AttributeValue> SortKey(string type) => type switch
    {
        "N" => Gen.OneOf(
            Gen.Int[-30, 30].Select(i => AttributeValue.FromN(DynamoNumber.FromInt64(i))),
            Gen.Select(Gen.Int[-999, 999], Gen.Int[-4, 4]).Select((m, e) => AttributeValue.FromN(DynamoNumber.Parse($"{m}e{e}")))),
        "S" => Gen.String[Gen.Char["abAB0~"], 1, 4].Select(AttributeValue.FromS),
        _ => Gen.Byte[1, 127].Array[1, 3].Select(AttributeValue.FromB),
    };

    private static AttributeValue Prefix(AttributeValue value) => value.Type == AttributeType.S
        ? AttributeValue.FromS(value.S[..Math.Max(1, value.S.Length / 2)])
        : AttributeValue.FromB(value.B[..Math.Max(1, value.B.Length / 2)]);

    private static string? ComparePage(WireAnswer ours, WireAnswer theirs)
    {
        if (ours.Status != theirs.Status || ours.Message != theirs.Message)
        {
            return $"{ours.Status} {ours.RawBody} | dynalite {theirs.Status} {theirs.RawBody}";
        }
        if (ours.Status != 200)
        {
            return null;
        }
        static string Page(JsonNode? body) =>
            $"{body?["Count"]}/{body?["ScannedCount"]} [{string.Join(", ", (body?["Items"]?.AsArray() ?? []).Select(Canonical))}] next {Canonical(body?["LastEvaluatedKey"])}";
        var (a, b) = (Page(ours.Body), Page(theirs.Body));
        return a == b ? null : $"\n    LocalAws {a}\n    dynalite {b}";
    }

    /// <summary>A table of 40 random items, keyed k0 to k39, in both LocalAws and dynalite.</summary>
    private async Task<string> CreateTableOfRandomItemsAsync(PCG random)
    {
        var table = await CreateTableAsync();
        var items = Items.Array[40, 40].Generate(random, null, out var _);
        for (var i = 0; i < items.Length; i++)
        {
            var stored = new Dictionary<string, AttributeValue>(items[i], StringComparer.Ordinal) { ["pk"] = AttributeValue.FromS("k" + i) };
            var (ours, theirs) = await BothAsync("PutItem", $$"""{"TableName":"{{table}}","Item":{{ItemJson(stored)}}}""");
            Assert.Equal((200, 200), (ours.Status, theirs.Status));
        }
        return table;
    }

    private async Task<string> CreateTableAsync(string? sortKeyType = null)
    {
        var table = "rnd-" + Guid.NewGuid().ToString("N")[..8];
        var create = sortKeyType is null
            ? $$"""{"TableName":"{{table}}","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}"""
            : $$"""{"TableName":"{{table}}","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"{{sortKeyType}}"}],"BillingMode":"PAY_PER_REQUEST"}""";
        var (ours, theirs) = await BothAsync("CreateTable", create);
        Assert.Equal((200, 200), (ours.Status, theirs.Status));
        return await _dynalite.WaitUntilActiveAsync(table) ? table : throw new TimeoutException("dynalite's table did not become ACTIVE");
    }

    private async Task<(WireAnswer Ours, WireAnswer Theirs)> BothAsync(string operation, string body)
    {
        var ours = await _localAws.SendAsync(operation, body);
        try
        {
            return (ours, await _dynalite.SendAsync(operation, body));
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"dynalite failed ({e.Message}) on {operation} {body}; LocalAws answered {ours.RawBody}", e);
        }
    }

    /// <summary>Adds the placeholders the expressions use, and only those (an unused one is an error in both).</summary>
    private static void AddPlaceholders(JsonObject request, Dictionary<string, AttributeValue> values, string expressions)
    {
        var used = PlaceholderPattern().Matches(expressions).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var chosen = values.Where(v => used.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (chosen.Count > 0)
        {
            request["ExpressionAttributeValues"] = JsonNode.Parse(ItemJson(chosen));
        }
        if (used.Contains("#n"))
        {
            request["ExpressionAttributeNames"] = new JsonObject { ["#n"] = "a" };
        }
    }

    private void Report(List<string> differences, int cases)
    {
        foreach (var difference in differences)
        {
            output.WriteLine(difference);
        }
        Assert.True(differences.Count == 0, $"{differences.Count} of {cases} cases differ:\n" + string.Join("\n", differences.Take(20)));
    }

    private static string? Compare(WireAnswer ours, WireAnswer theirs, string member)
    {
        if (ours.Status == 400 && UnorderableValue().IsMatch(ours.Message ?? ""))
        {
            return null;
        }
        if (ours.Status != theirs.Status)
        {
            return $"status {ours.Status} {ours.RawBody} | dynalite {theirs.Status} {theirs.RawBody}";
        }
        if (ours.Status != 200)
        {
            var (ourType, theirType) = (ours.ErrorCode, theirs.ErrorCode);
            if (ourType != theirType)
            {
                return $"type {ourType}: {ours.Message} | dynalite {theirType}: {theirs.Message}";
            }
            var syntax = Regex.Match(theirs.Message ?? "", "^Invalid [A-Za-z]+: Syntax error;");
            if (syntax.Success ? !(ours.Message ?? "").StartsWith(syntax.Value, StringComparison.Ordinal) : ours.Message != theirs.Message)
            {
                return $"message {ours.Message} | dynalite {theirs.Message}";
            }
            return null;
        }
        if (member == "Items")
        {
            var counts = $"{ours.Body?["Count"]}/{ours.Body?["ScannedCount"]}";
            var theirCounts = $"{theirs.Body?["Count"]}/{theirs.Body?["ScannedCount"]}";
            var ourItems = ScannedItems(ours.Body?["Items"]);
            var theirItems = ScannedItems(theirs.Body?["Items"]);
            return counts == theirCounts && ourItems == theirItems ? null : $"count {counts} {ourItems}\n  | dynalite {theirCounts} {theirItems}";
        }
        var a = Canonical(ours.Body?[member]);
        var b = Canonical(theirs.Body?[member]);
        return a == b ? null : $"{member} {a} | dynalite {b}";
    }

    /// <summary>A scan's items in key order (the two scan in different orders), each canonical.</summary>
    private static string ScannedItems(JsonNode? items) =>
        string.Join("\n    ", (items?.AsArray() ?? []).Select(Canonical).Order(StringComparer.Ordinal));

    /// <summary>An item as canonical JSON: attributes sorted by name, sets and numbers as the model writes them.</summary>
    private static string Canonical(JsonNode? attributes)
    {
        if (attributes is null)
        {
            return "{}";
        }
        var item = Item.ReadJson(JsonDocument.Parse(attributes.ToJsonString()).RootElement);
        return ItemJson(new SortedDictionary<string, AttributeValue>(item, StringComparer.Ordinal));
    }

    private static string ItemJson(IEnumerable<KeyValuePair<string, AttributeValue>> item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Item.WriteJson(writer, item.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
