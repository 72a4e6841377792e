using System.Text.Json;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// UpdateItem's pre-expression AttributeUpdates: for each top-level attribute, PUT a value (the default), DELETE the
/// attribute or some members of its set, or ADD a number, set members or list elements. The AWS SDK for .NET's
/// Document Model (<c>Table.UpdateItemAsync</c>) sends its updates this way.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html
/// </summary>
internal sealed class LegacyAttributeUpdates
{
    private const string Invalid = "One or more parameter values were invalid: ";
    private const string TypeMismatch = "Type mismatch for attribute to update";

    private readonly (string Name, string Action, AttributeValue? Value)[] _updates;

    private LegacyAttributeUpdates((string Name, string Action, AttributeValue? Value)[] updates)
    {
        _updates = updates;
        AttributeNames = updates.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The attributes updated.</summary>
    public IReadOnlySet<string> AttributeNames { get; }

    /// <summary>
    /// Reads and checks the request's AttributeUpdates (null when absent): each value as any attribute value, then
    /// that only DELETE goes without a value, DELETE's value is a set, and ADD's a number, a set or a list.
    /// </summary>
    public static LegacyAttributeUpdates? Read(JsonElement request)
    {
        if (request.Member("AttributeUpdates") is not { } map)
        {
            return null;
        }
        var updates = new List<(string, string, AttributeValue?)>();
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var value = property.Value.Member("Value") is { } json ? AttributeValue.ReadJson(json) : null;
            var action = property.Value.String("Action") ?? "PUT";
            if (value is null && action != "DELETE")
            {
                throw DynamoDbException.Validation($"{Invalid}Only DELETE action is allowed when no attribute value is specified");
            }
            if (value is not null && action == "DELETE" && !IsSet(value.Type))
            {
                throw DynamoDbException.Validation($"{Invalid}DELETE action with value is not supported for the type {FunctionNode.TypeName(value.Type)}");
            }
            if (value is not null && action == "ADD" && !(IsSet(value.Type) || value.Type is AttributeType.N or AttributeType.L))
            {
                throw DynamoDbException.Validation($"{Invalid}ADD action is not supported for the type {FunctionNode.TypeName(value.Type)}");
            }
            updates.Add((property.Name, action, value));
        }
        return new LegacyAttributeUpdates([.. updates]);
    }

    /// <summary>
    /// An update whose value has another type than an index key attribute of the same name is refused before the
    /// item is read, whatever its action (as dynalite, whose checks were written against DynamoDB, refuses it).
    /// </summary>
    public void CheckIndexKeyTypes(TableDefinition table)
    {
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, _, value) in _updates)
        {
            if (value is not null)
            {
                values[name] = value;
            }
        }
        KeyRules.CheckIndexKeys(values, table, typesOnly: true);
    }

    /// <summary>The item after the updates (a new dictionary; <paramref name="existing"/> is not modified).</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue> existing)
    {
        var item = new Dictionary<string, AttributeValue>(existing, StringComparer.Ordinal);
        foreach (var (name, action, value) in _updates)
        {
            item.TryGetValue(name, out var current);
            switch (action)
            {
                case "PUT":
                    item[name] = value!;
                    break;
                case "DELETE" when value is null:
                    item.Remove(name);
                    break;
                case "DELETE":
                    if (current is null)
                    {
                        break;
                    }
                    if (current.Type != value.Type)
                    {
                        throw DynamoDbException.Validation(TypeMismatch);
                    }
                    if (SetAlgebra.Difference(current, value) is { } remaining)
                    {
                        item[name] = remaining;
                    }
                    else
                    {
                        item.Remove(name);
                    }
                    break;
                default:
                    item[name] = Add(current, value!);
                    break;
            }
        }
        return item;
    }

    /// <summary>The updated attributes as they are in <paramref name="item"/> (ReturnValues UPDATED_OLD with the old item, UPDATED_NEW with the new).</summary>
    public Dictionary<string, AttributeValue> ProjectUpdated(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, _, _) in _updates)
        {
            if (item.TryGetValue(name, out var value))
            {
                result[name] = value;
            }
        }
        return result;
    }

    /// <summary>ADD: a missing attribute takes the value; a number is added to, a set gains members, a list is appended to.</summary>
    private static AttributeValue Add(AttributeValue? current, AttributeValue value)
    {
        if (current is null)
        {
            return value;
        }
        if (current.Type != value.Type)
        {
            throw DynamoDbException.Validation(TypeMismatch);
        }
        switch (value.Type)
        {
            case AttributeType.N:
                return AttributeValue.FromN(current.N.Add(value.N));
            case AttributeType.L:
                return AttributeValue.AppendLists(current, value);
            default:
                return SetAlgebra.Union(current, value);
        }
    }

    private static bool IsSet(AttributeType type) => type is AttributeType.SS or AttributeType.NS or AttributeType.BS;
}
