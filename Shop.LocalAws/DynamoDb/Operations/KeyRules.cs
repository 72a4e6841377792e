using System.Text;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// DynamoDB's checks of keys and items against a table's key schema and its indexes, with AWS's messages.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
/// </summary>
internal static class KeyRules
{
    private const string Invalid = "One or more parameter values were invalid: ";

    /// <summary>A Key member (GetItem, DeleteItem, UpdateItem, BatchGetItem...): exactly the key attributes, with the right types.</summary>
    public static void CheckKey(IReadOnlyDictionary<string, AttributeValue> key, TableDefinition table)
    {
        if (key.Count != table.Key.Attributes.Count())
        {
            throw DynamoDbException.Validation(KeyMismatch);
        }
        foreach (var attribute in table.Key.Attributes)
        {
            CheckKeyPiece(key, attribute, attribute == table.Key.Hash);
        }
    }

    /// <summary>One attribute of a key: present with the schema's type, not empty, and within the key size limits.</summary>
    public static void CheckKeyPiece(IReadOnlyDictionary<string, AttributeValue> key, KeyAttribute attribute, bool isHash)
    {
        if (!FitsSchema(key, attribute, out var value))
        {
            throw DynamoDbException.Validation(KeyMismatch);
        }
        CheckKeyValue(value, attribute, isHash, Invalid);
    }

    private const string KeyMismatch = "The provided key element does not match the schema";

    private static bool FitsSchema(IReadOnlyDictionary<string, AttributeValue> key, KeyAttribute attribute, out AttributeValue value) =>
        key.TryGetValue(attribute.Name, out value!) && value.Type == attribute.Type;

    /// <summary>Why an item's key attribute does not fit the schema (missing, or of another type), or null.</summary>
    private static string? ItemKeyProblem(IReadOnlyDictionary<string, AttributeValue> item, KeyAttribute attribute) =>
        !item.TryGetValue(attribute.Name, out var value) ? $"{Invalid}Missing the key {attribute.Name} in the item"
        : value.Type != attribute.Type ? $"{Invalid}Type mismatch for key {attribute.Name} expected: {attribute.Type} actual: {value.Type}"
        : null;

    /// <summary>
    /// Why a key does not fit the table's key schema (other attributes, or another type), or null when it fits; the
    /// key's values are checked by <see cref="CheckKeyValues"/>. Transactions report this per action.
    /// </summary>
    public static string? KeySchemaProblem(IReadOnlyDictionary<string, AttributeValue> key, TableDefinition table) =>
        key.Count == table.Key.Attributes.Count() && table.Key.Attributes.All(attribute => FitsSchema(key, attribute, out _)) ? null : KeyMismatch;

    /// <summary>Why an item's key attributes do not fit the key schema (one missing, or of another type), or null when they fit.</summary>
    public static string? ItemKeySchemaProblem(IReadOnlyDictionary<string, AttributeValue> item, TableDefinition table) =>
        table.Key.Attributes.Select(attribute => ItemKeyProblem(item, attribute)).FirstOrDefault(problem => problem is not null);

    /// <summary>
    /// The key attribute values a key or an item has with the schema's type: not empty, and within the key size
    /// limits. A transaction checks these for the whole request before any action.
    /// </summary>
    public static void CheckKeyValues(IReadOnlyDictionary<string, AttributeValue> keyOrItem, TableDefinition table, bool isItem)
    {
        foreach (var attribute in table.Key.Attributes)
        {
            if (FitsSchema(keyOrItem, attribute, out var value))
            {
                CheckKeyValue(value, attribute, attribute == table.Key.Hash, isItem ? "One or more parameter values are not valid. " : Invalid);
            }
        }
    }

    /// <summary>A whole item (PutItem, the result of UpdateItem): it has the key attributes, and index keys have the declared types.</summary>
    public static void CheckItem(IReadOnlyDictionary<string, AttributeValue> item, TableDefinition table)
    {
        foreach (var attribute in table.Key.Attributes)
        {
            if (ItemKeyProblem(item, attribute) is { } problem)
            {
                throw DynamoDbException.Validation(problem);
            }
            CheckKeyValue(item[attribute.Name], attribute, attribute == table.Key.Hash, "One or more parameter values are not valid. ");
        }
        CheckIndexKeys(item, table);
    }

    /// <summary>The item's index key attributes have the declared types and (unless <paramref name="typesOnly"/>) are not empty.</summary>
    public static void CheckIndexKeys(IReadOnlyDictionary<string, AttributeValue> item, TableDefinition table, bool typesOnly = false)
    {
        foreach (var index in table.GlobalSecondaryIndexes.Concat(table.LocalSecondaryIndexes))
        {
            foreach (var attribute in index.IsGlobal ? index.Key.Attributes : [index.Key.Range!])
            {
                if (!item.TryGetValue(attribute.Name, out var value))
                {
                    continue;
                }
                if (value.Type != attribute.Type)
                {
                    throw DynamoDbException.Validation($"{Invalid}Type mismatch for Index Key {attribute.Name} Expected: {attribute.Type} Actual: {value.Type} IndexName: {index.Name}");
                }
                if (!typesOnly && IsEmpty(value))
                {
                    throw DynamoDbException.Validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. " +
                        $"The AttributeValue for a key attribute cannot contain an empty {(value.Type == AttributeType.S ? "string" : "binary")} value. IndexName: {index.Name}, IndexKey: {attribute.Name}");
                }
            }
        }
    }

    private static void CheckKeyValue(AttributeValue value, KeyAttribute attribute, bool isHash, string emptyPrefix)
    {
        if (IsEmpty(value))
        {
            throw DynamoDbException.Validation($"{emptyPrefix}The AttributeValue for a key attribute cannot contain an empty {(value.Type == AttributeType.S ? "string" : "binary")} value. Key: {attribute.Name}");
        }
        var size = value.Type switch
        {
            AttributeType.S => Encoding.UTF8.GetByteCount(value.S),
            AttributeType.B => value.B.Length,
            _ => 0,
        };
        if (isHash && size > 2048)
        {
            throw DynamoDbException.Validation($"{Invalid}Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (!isHash && size > 1024)
        {
            throw DynamoDbException.Validation($"{Invalid}Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static bool IsEmpty(AttributeValue value) =>
        (value.Type == AttributeType.S && value.S.Length == 0) || (value.Type == AttributeType.B && value.B.Length == 0);

    /// <summary>Only the key attributes of an item.</summary>
    public static Dictionary<string, AttributeValue> KeyOf(IReadOnlyDictionary<string, AttributeValue> item, KeySchema key)
    {
        var result = new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal);
        foreach (var attribute in key.Attributes)
        {
            result[attribute.Name] = item[attribute.Name];
        }
        return result;
    }

    /// <summary>The attributes an index holds for an item, as its projection says.</summary>
    public static Dictionary<string, AttributeValue> Project(IReadOnlyDictionary<string, AttributeValue> item, IndexDefinition index, KeySchema tableKey)
    {
        if (index.Projection.ProjectionType == "ALL")
        {
            return item as Dictionary<string, AttributeValue> ?? new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal);
        }
        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var attribute in tableKey.Attributes.Concat(index.Key.Attributes))
        {
            if (item.TryGetValue(attribute.Name, out var value))
            {
                result[attribute.Name] = value;
            }
        }
        foreach (var name in index.Projection.NonKeyAttributes ?? [])
        {
            if (item.TryGetValue(name, out var value))
            {
                result[name] = value;
            }
        }
        return result;
    }
}
