using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// A parsed Query KeyConditionExpression: an equality on the partition key and at most one condition on the sort key.
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html"/>.
/// </summary>
public sealed class KeyConditionExpression
{
    private readonly KeyCondition[] _conditions;
    private readonly AttributeValue? _partitionValue;
    // A Query's legacy KeyConditions, checked against the schema with their own messages (null for an expression).
    private readonly List<Operations.LegacyCondition>? _legacy;

    private KeyConditionExpression(KeyCondition[] conditions, AttributeValue? partitionValue, SortKeyRange? sortRange,
        List<Operations.LegacyCondition>? legacy = null)
    {
        _conditions = conditions;
        _partitionValue = partitionValue;
        SortRange = sortRange;
        _legacy = legacy;
    }

    /// <summary>
    /// A Query's legacy KeyConditions (already read and checked by <see cref="Operations.LegacyConditions.ReadConditions"/>):
    /// one or two conditions, matched to the key schema by <see cref="ForKeySchema"/>.
    /// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditions
    /// </summary>
    internal static KeyConditionExpression FromLegacy(List<Operations.LegacyCondition> conditions)
    {
        if (conditions.Count is not (1 or 2))
        {
            throw Invalid("Conditions can be of length 1 or 2 only");
        }
        return new KeyConditionExpression([], null, null, conditions);
    }

    /// <summary>The value the partition key must equal (only once bound to a key schema).</summary>
    public AttributeValue PartitionValue =>
        _partitionValue ?? throw new InvalidOperationException("The key condition is not bound to a key schema yet: call ForKeySchema");

    public SortKeyRange? SortRange { get; }

    /// <summary>
    /// Parses <paramref name="text"/> and checks it against the key schema of the table or index queried, with
    /// AWS's messages: grammar errors, then the shape of the key conditions, then the schema.
    /// </summary>
    /// <param name="keyTypes">Types of the key attributes (at least the partition and sort key).</param>
    public static KeyConditionExpression Parse(string text, ExpressionAttributes attributes, string partitionKeyName, string? sortKeyName,
        IReadOnlyDictionary<string, AttributeType> keyTypes) =>
        Parse(text, attributes).ForKeySchema(partitionKeyName, sortKeyName, keyTypes);

    /// <summary>
    /// Parses <paramref name="text"/> and checks what needs no table: grammar, operand types and the shape of the
    /// key conditions. AWS reports these before it looks the table up (a bad operand wins over a missing table);
    /// then call <see cref="ForKeySchema"/> with the schema of the table or index.
    /// </summary>
    public static KeyConditionExpression Parse(string text, ExpressionAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var root = ExpressionParser.ParseCondition(text, attributes, "KeyConditionExpression");
        var conditions = new List<KeyCondition>(2);
        Collect(root, conditions);
        return new KeyConditionExpression(conditions.ToArray(), null, null);
    }

    /// <summary>The same conditions checked against a key schema, AWS's schema errors otherwise.</summary>
    public KeyConditionExpression ForKeySchema(string partitionKeyName, string? sortKeyName, IReadOnlyDictionary<string, AttributeType> keyTypes)
    {
        ArgumentNullException.ThrowIfNull(partitionKeyName);
        ArgumentNullException.ThrowIfNull(keyTypes);
        if (_legacy is not null)
        {
            return ForLegacyKeySchema(_legacy, partitionKeyName, sortKeyName, keyTypes);
        }
        var keyCount = sortKeyName is null ? 1 : 2;
        if (_conditions.Length > keyCount)
        {
            throw DynamoDbException.Validation("The number of query conditions (" + _conditions.Length +
                                               ") exceeds the number of key attributes defined in the schema (" + keyCount + ")");
        }
        KeyCondition? partition = null;
        KeyCondition? sort = null;
        foreach (var condition in _conditions)
        {
            if (condition.Name == partitionKeyName)
            {
                partition = condition;
            }
            else if (condition.Name == sortKeyName)
            {
                sort = condition;
            }
        }
        // The key attributes in schema order, as DynamoDB walks them.
        if (partition is null)
        {
            throw DynamoDbException.Validation("Query condition missed key schema element: " + partitionKeyName);
        }
        CheckSchemaType(partition, keyTypes, partitionKeyName);
        if (partition.Operator != SortKeyOperator.Equal)
        {
            throw DynamoDbException.Validation("Query key condition not supported");
        }
        if (sortKeyName is not null)
        {
            if (sort is null && _conditions.Length > 1)
            {
                throw DynamoDbException.Validation("Query condition missed key schema element: " + sortKeyName);
            }
            if (sort is not null)
            {
                CheckSchemaType(sort, keyTypes, sortKeyName);
            }
        }
        var range = sort is null ? null : new SortKeyRange(sort.Operator, sort.Values[0], sort.Values.Length > 1 ? sort.Values[1] : null);
        return new KeyConditionExpression(_conditions, partition.Values[0], range);
    }

    /// <summary>
    /// KeyConditions against the key schema, walked in schema order with DynamoDB's messages for the legacy
    /// parameter (as dynalite, whose checks were written against DynamoDB, has them).
    /// </summary>
    private static KeyConditionExpression ForLegacyKeySchema(List<Operations.LegacyCondition> conditions, string partitionKeyName, string? sortKeyName,
        IReadOnlyDictionary<string, AttributeType> keyTypes)
    {
        Operations.LegacyCondition? partition = null;
        Operations.LegacyCondition? sort = null;
        string[] keyNames = sortKeyName is null ? [partitionKeyName] : [partitionKeyName, sortKeyName];
        foreach (var name in keyNames)
        {
            var isHash = name == partitionKeyName;
            if (isHash && sortKeyName is null && conditions.Count > 1)
            {
                throw Invalid("Query key condition not supported");
            }
            var condition = conditions.Find(c => c.AttributeName == name);
            if (condition is null)
            {
                if (isHash || conditions.Count > 1)
                {
                    throw Invalid("Query condition missed key schema element: " + name);
                }
                continue;
            }
            if (condition.ComparisonOperator is "NULL" or "NOT_NULL" or "NE" or "CONTAINS" or "NOT_CONTAINS" or "IN")
            {
                throw Invalid("Attempted conditional constraint is not an indexable operation");
            }
            if (keyTypes.TryGetValue(name, out var type) && condition.Values.Any(v => v.Type != type))
            {
                throw Invalid("One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
            if (isHash && condition.ComparisonOperator != "EQ")
            {
                throw Invalid("Query key condition not supported");
            }
            if (isHash)
            {
                partition = condition;
            }
            else
            {
                sort = condition;
            }
        }
        var range = sort is null ? null : new SortKeyRange(sort.ComparisonOperator switch
        {
            "EQ" => SortKeyOperator.Equal,
            "LT" => SortKeyOperator.LessThan,
            "LE" => SortKeyOperator.LessThanOrEqual,
            "GT" => SortKeyOperator.GreaterThan,
            "GE" => SortKeyOperator.GreaterThanOrEqual,
            "BETWEEN" => SortKeyOperator.Between,
            _ => SortKeyOperator.BeginsWith,
        }, sort.Values[0], sort.Values.Length > 1 ? sort.Values[1] : null);
        return new KeyConditionExpression([], partition!.Values[0], range);
    }

    /// <summary>True when a sort-key value satisfies the sort-key condition (always true without one).</summary>
    public bool MatchesSortKey(AttributeValue? sortValue)
    {
        if (SortRange is null)
        {
            return true;
        }
        if (sortValue is null)
        {
            return false;
        }
        var range = SortRange;
        if (range.Operator == SortKeyOperator.BeginsWith)
        {
            return sortValue.Type == range.Value1.Type && sortValue.Type switch
            {
                AttributeType.S => sortValue.S.StartsWith(range.Value1.S, StringComparison.Ordinal),
                AttributeType.B => sortValue.B.AsSpan().StartsWith(range.Value1.B),
                _ => false,
            };
        }
        if (ValueOrdering.Compare(sortValue, range.Value1) is not { } order)
        {
            return false;
        }
        return range.Operator switch
        {
            SortKeyOperator.Equal => order == 0,
            SortKeyOperator.LessThan => order < 0,
            SortKeyOperator.LessThanOrEqual => order <= 0,
            SortKeyOperator.GreaterThan => order > 0,
            SortKeyOperator.GreaterThanOrEqual => order >= 0,
            _ => order >= 0 && ValueOrdering.Compare(sortValue, range.Value2!) <= 0,
        };
    }

    private sealed record KeyCondition(string Name, SortKeyOperator Operator, AttributeValue[] Values);

    // dynalite's convertKeyCondition: walks the tree, rejecting what a key condition cannot contain.
    private static void Collect(ExpressionNode node, List<KeyCondition> conditions)
    {
        switch (node)
        {
            case OrNode:
                throw Invalid("Invalid operator used in KeyConditionExpression: OR");
            case NotNode:
                throw Invalid("Invalid operator used in KeyConditionExpression: NOT");
            case InNode:
                throw Invalid("Invalid operator used in KeyConditionExpression: IN");
            case ComparisonNode { Comparator: Comparator.NotEqual }:
                throw Invalid("Invalid operator used in KeyConditionExpression: <>");
            case FunctionNode { Kind: FunctionKind.AttributeExists or FunctionKind.AttributeNotExists or FunctionKind.AttributeType or FunctionKind.Contains } function:
                throw Invalid("Invalid operator used in KeyConditionExpression: " + function.Name);
            case FunctionNode { Kind: FunctionKind.Size }:
                throw Invalid("KeyConditionExpressions cannot contain nested operations");
            case BetweenNode { Operand: not PathNode }:
                throw Invalid("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
            case FunctionNode { Kind: FunctionKind.BeginsWith, Arguments: [not PathNode, ..] }:
                throw Invalid("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
            case AndNode and:
                Collect(and.Left, conditions);
                Collect(and.Right, conditions);
                return;
        }
        ExpressionNode[] arguments;
        SortKeyOperator op;
        switch (node)
        {
            case ComparisonNode comparison:
                arguments = [comparison.Left, comparison.Right];
                op = comparison.Comparator switch
                {
                    Comparator.Equal => SortKeyOperator.Equal,
                    Comparator.Less => SortKeyOperator.LessThan,
                    Comparator.LessOrEqual => SortKeyOperator.LessThanOrEqual,
                    Comparator.Greater => SortKeyOperator.GreaterThan,
                    _ => SortKeyOperator.GreaterThanOrEqual,
                };
                break;
            case BetweenNode between:
                arguments = [between.Operand, between.Lower, between.Upper];
                op = SortKeyOperator.Between;
                break;
            case FunctionNode function:
                arguments = function.Arguments;
                op = SortKeyOperator.BeginsWith;
                break;
            default:
                throw new InvalidOperationException($"Unexpected {node.GetType().Name} in a key condition");
        }
        string? name = null;
        var nameAt = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] is PathNode path)
            {
                if (name is not null)
                {
                    throw Invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }
                if (path.Path.IsNested)
                {
                    throw Invalid("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                name = path.Path.TopLevelName;
                nameAt = i;
            }
            else if (arguments[i] is FunctionNode nested)
            {
                Collect(nested, conditions);
            }
        }
        if (name is null)
        {
            throw Invalid("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        foreach (var existing in conditions)
        {
            if (existing.Name == name)
            {
                // AWS (captured 2026) prefixes this one; dynalite does not.
                throw Invalid("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
            }
        }
        if (nameAt != 0)
        {
            // ":v < key" is "key > :v"
            op = op switch
            {
                SortKeyOperator.LessThan => SortKeyOperator.GreaterThan,
                SortKeyOperator.LessThanOrEqual => SortKeyOperator.GreaterThanOrEqual,
                SortKeyOperator.GreaterThan => SortKeyOperator.LessThan,
                SortKeyOperator.GreaterThanOrEqual => SortKeyOperator.LessThanOrEqual,
                _ => op,
            };
        }
        var values = new List<AttributeValue>(2);
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i != nameAt && arguments[i] is ValueNode value)
            {
                values.Add(value.Value);
            }
        }
        conditions.Add(new KeyCondition(name, op, values.ToArray()));
    }

    private static void CheckSchemaType(KeyCondition condition, IReadOnlyDictionary<string, AttributeType> keyTypes, string keyName)
    {
        if (!keyTypes.TryGetValue(keyName, out var type))
        {
            return;
        }
        foreach (var value in condition.Values)
        {
            if (value.Type != type)
            {
                throw Invalid("One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
        }
    }

    private static DynamoDbException Invalid(string message) => DynamoDbException.Validation(message);
}
