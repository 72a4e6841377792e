using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// TransactWriteItems: up to 100 ConditionChecks, Puts, Updates and Deletes across tables, all or nothing. When an
/// action cannot succeed (its condition fails, its key does not fit the schema, its update cannot apply) the whole
/// request fails with TransactionCanceledException, whose CancellationReasons has one entry per action, in request
/// order. A ClientRequestToken makes a retry within 10 minutes a no-op.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
/// </summary>
internal sealed class TransactWriteItems : DynamoDbOperation
{
    public override string Name => "TransactWriteItems";

    private const long MaxTransactionBytes = 4 * 1024 * 1024;

    private static readonly WireShape ReturnOnFailure = Str(["ALL_OLD", "NONE"]);

    public override WireShape Shape { get; } = Struct("TransactWriteItemsInput",
        ("TransactItems", List(ValueStruct("TransactWriteItem",
            ("ConditionCheck", Struct("ConditionCheck",
                ("Key", AttributeMap(notNull: true)),
                ("TableName", TableNameShape()),
                ("ConditionExpression", Str().With(notNull: true)),
                ("ExpressionAttributeNames", ExpressionAttributeNames),
                ("ExpressionAttributeValues", AttributeMap()),
                ("ReturnValuesOnConditionCheckFailure", ReturnOnFailure))),
            ("Put", Struct("Put",
                ("Item", AttributeMap(notNull: true)),
                ("TableName", TableNameShape()),
                ("ConditionExpression", Str()),
                ("ExpressionAttributeNames", ExpressionAttributeNames),
                ("ExpressionAttributeValues", AttributeMap()),
                ("ReturnValuesOnConditionCheckFailure", ReturnOnFailure))),
            ("Delete", Struct("Delete",
                ("Key", AttributeMap(notNull: true)),
                ("TableName", TableNameShape()),
                ("ConditionExpression", Str()),
                ("ExpressionAttributeNames", ExpressionAttributeNames),
                ("ExpressionAttributeValues", AttributeMap()),
                ("ReturnValuesOnConditionCheckFailure", ReturnOnFailure))),
            ("Update", Struct("Update",
                ("Key", AttributeMap(notNull: true)),
                ("UpdateExpression", Str().With(notNull: true)),
                ("TableName", TableNameShape()),
                ("ConditionExpression", Str()),
                ("ExpressionAttributeNames", ExpressionAttributeNames),
                ("ExpressionAttributeValues", AttributeMap()),
                ("ReturnValuesOnConditionCheckFailure", ReturnOnFailure)))).With(notNull: true), minLength: 1, maxLength: 100).With(notNull: true)),
        ("ReturnConsumedCapacity", ReturnConsumedCapacity),
        ("ReturnItemCollectionMetrics", ReturnItemCollectionMetrics),
        ("ClientRequestToken", new WireShape { Kind = WireKind.String, MinLength = 1, MaxLength = 36 }));

    public override string? ResourceName(JsonElement request) => null;

    private enum ActionKind { ConditionCheck, Put, Delete, Update }

    private sealed record Action(ActionKind Kind, JsonElement Json, string TableName, Dictionary<string, AttributeValue> KeyOrItem,
        ConditionExpression? Condition, UpdateExpression? Update);

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        var request = call.Request;
        var actions = new List<Action>();
        foreach (var element in request.GetProperty("TransactItems").EnumerateArray())
        {
            var present = new[] { ActionKind.ConditionCheck, ActionKind.Put, ActionKind.Delete, ActionKind.Update }
                .Where(k => element.Has(k.ToString())).ToList();
            if (present.Count != 1)
            {
                throw DynamoDbException.Validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            var kind = present[0];
            var json = element.GetProperty(kind.ToString());
            var keyOrItem = Item.ReadJson(json.GetProperty(kind == ActionKind.Put ? "Item" : "Key"));
            if (kind == ActionKind.Put)
            {
                ItemResponses.CheckSize(keyOrItem);
            }
            var attributes = json.ExpressionAttributes();
            var update = kind == ActionKind.Update ? UpdateExpression.Parse(json.String("UpdateExpression")!, attributes) : null;
            var condition = json.String("ConditionExpression") is { } text ? ConditionExpression.Parse(text, attributes) : null;
            attributes.ThrowIfUnused();
            actions.Add(new Action(kind, json, json.String("TableName")!, keyOrItem, condition, update));
        }

        // "The aggregate size of the items in the transaction cannot exceed 4 MB" (the API reference): Put items whole,
        // the other actions by their keys. DynamoDB answers a ValidationException (the dynamodb-conformance suite
        // records the type); its wording is not recorded anywhere we found, so the message says what the limit is.
        long aggregate = 0;
        foreach (var action in actions)
        {
            aggregate += Item.Size(action.KeyOrItem);
        }
        if (aggregate > MaxTransactionBytes)
        {
            throw DynamoDbException.Validation($"The aggregate size of the items in the transaction exceeds the maximum allowed size of 4 MB: {aggregate} bytes");
        }

        var token = request.String("ClientRequestToken");
        var fingerprint = token is null ? null : Fingerprint(request);
        var state = call.State;
        lock (state.Gate)
        {
            if (token is not null && state.FindTransaction(call.Context.Region, token) is { } earlier)
            {
                if (earlier.RequestFingerprint != fingerprint)
                {
                    throw new DynamoDbException(400, "IdempotentParameterMismatchException", "The request uses the same client token as a previous, but non-identical request.");
                }
                // The same request again: it already happened, so it succeeds without writing twice.
                WriteCapacity(response, request, actions.Select(a => call.RequireTable(a.TableName)).Distinct().Select(t => new ConsumedCapacity(t.Name)));
                return;
            }

            var tables = actions.Select(a => call.RequireTable(a.TableName)).ToList();
            // The request's own checks, before any action: key values, updates of key attributes, one action per item.
            var schemaProblems = new string?[actions.Count];
            var keys = new List<(Table, Dictionary<string, AttributeValue>)>();
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                var definition = tables[i].Definition;
                var isPut = action.Kind == ActionKind.Put;
                KeyRules.CheckKeyValues(action.KeyOrItem, definition, isItem: isPut);
                if (action.Update?.TopLevelAttributeNames.FirstOrDefault(definition.Key.Contains) is { } keyAttribute)
                {
                    throw DynamoDbException.Validation($"One or more parameter values were invalid: Cannot update attribute {keyAttribute}. This attribute is part of the key");
                }
                schemaProblems[i] = isPut ? KeyRules.ItemKeySchemaProblem(action.KeyOrItem, definition) : KeyRules.KeySchemaProblem(action.KeyOrItem, definition);
                if (schemaProblems[i] is not null)
                {
                    continue;
                }
                var key = KeyRules.KeyOf(action.KeyOrItem, definition.Key);
                if (keys.Any(k => k.Item1 == tables[i] && BatchGetItem.SameKey(k.Item2, key)))
                {
                    throw DynamoDbException.Validation("Transaction request cannot include multiple operations on one item");
                }
                keys.Add((tables[i], key));
            }

            // Each action against the items as they are: a key that does not fit the schema, a condition that fails,
            // or an update that cannot apply is that action's cancellation reason.
            var reasons = new List<JsonObject>(actions.Count);
            var changes = new List<ItemChange>();
            var befores = new List<(Table Table, Dictionary<string, AttributeValue>? Before, Dictionary<string, AttributeValue>? After, bool IsCheck)>();
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                var table = tables[i];
                if (schemaProblems[i] is { } problem)
                {
                    reasons.Add(TransactionCancellation.ValidationError(problem));
                    continue;
                }
                var existing = table.Get(action.KeyOrItem);
                if (action.Condition is not null && !action.Condition.Evaluate(existing))
                {
                    reasons.Add(TransactionCancellation.ConditionalCheckFailed(existing, action.Json.String("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"));
                    continue;
                }
                try
                {
                    switch (action.Kind)
                    {
                        case ActionKind.ConditionCheck:
                            befores.Add((table, existing, existing, true));
                            break;
                        case ActionKind.Put:
                            KeyRules.CheckIndexKeys(action.KeyOrItem, table.Definition);
                            changes.Add(new ItemChange(table, action.KeyOrItem, null));
                            befores.Add((table, existing, action.KeyOrItem, false));
                            break;
                        case ActionKind.Delete:
                            changes.Add(new ItemChange(table, null, action.KeyOrItem));
                            befores.Add((table, existing, null, false));
                            break;
                        case ActionKind.Update:
                            var updated = action.Update!.Apply(existing ?? action.KeyOrItem);
                            KeyRules.CheckIndexKeys(updated, table.Definition);
                            ItemResponses.CheckSize(updated, "Item size to update has exceeded the maximum allowed size");
                            changes.Add(new ItemChange(table, updated, null));
                            befores.Add((table, existing, updated, false));
                            break;
                    }
                }
                catch (DynamoDbException error) when (error.Code == "ValidationException")
                {
                    // "An operand in the update expression has an incorrect data type", "Item size to update has
                    // exceeded the maximum allowed size", …: the ValidationError messages the API reference lists.
                    reasons.Add(TransactionCancellation.ValidationError(error.Message));
                    continue;
                }
                reasons.Add(TransactionCancellation.None());
            }
            if (TransactionCancellation.Cancelled(reasons))
            {
                throw TransactionCancellation.Exception(reasons);
            }

            state.Apply(changes);
            if (token is not null)
            {
                state.RememberTransaction(call.Context.Region, token, fingerprint!);
            }
            var capacities = new Dictionary<string, ConsumedCapacity>(StringComparer.Ordinal);
            foreach (var (table, before, after, isCheck) in befores)
            {
                if (!capacities.TryGetValue(table.Name, out var capacity))
                {
                    capacities[table.Name] = capacity = new ConsumedCapacity(table.Name);
                }
                if (isCheck)
                {
                    capacity.AddTable(2 * ConsumedCapacity.WriteUnits(before is null ? 0 : Item.Size(before)));
                }
                else
                {
                    capacity.AddWrite(table, before, after, multiplier: 2);
                }
            }
            WriteCapacity(response, request, capacities.Values);
        }
    }

    private static void WriteCapacity(Utf8JsonWriter response, JsonElement request, IEnumerable<ConsumedCapacity> capacities) =>
        ConsumedCapacity.WriteList(response, request.String("ReturnConsumedCapacity"), capacities);

    /// <summary>What makes two requests with one token "the same": their items and options, byte for byte.</summary>
    private static string Fingerprint(JsonElement request)
    {
        var text = request.GetProperty("TransactItems").GetRawText() + "|" + request.String("ReturnConsumedCapacity") + "|" + request.String("ReturnItemCollectionMetrics");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
