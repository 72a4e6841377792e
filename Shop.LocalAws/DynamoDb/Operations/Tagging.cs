using System.Text.Json;
using System.Text.RegularExpressions;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using static Shop.LocalAws.DynamoDb.Protocol.WireShape;

namespace Shop.LocalAws.DynamoDb.Operations;

/// <summary>
/// Checks a tagging request's ResourceArn and finds the table it names, with DynamoDB's messages and in its order:
/// a missing ARN, then one that is not an ARN at all, then the request's own members (<see cref="CheckAccess"/> comes
/// first), then an ARN that is not a table's, then the table. Something that is not an ARN is an invalid TableArn, as
/// DynamoDB answers today (the dynamodb-conformance suite, captured from DynamoDB); dynalite, from an older DynamoDB,
/// refuses it as access to that resource.
/// A table ARN of another account is refused as access to it, and one of another region than the request's is not
/// a valid TableArn for this endpoint (account before region), as DynamoDB answers them (observed by ExtendDB against
/// DynamoDB: https://github.com/ExtendDB/extenddb/pull/227).
/// </summary>
internal static partial class TaggedTable
{
    [GeneratedRegex(@"\Aarn:aws:dynamodb:(?<region>.+):(?<account>\d+):table/(?<name>[^/]{2}[^/]+)\z")]
    private static partial Regex TableArn();

    /// <summary>A missing ResourceArn is "Invalid TableArn"; one without an ARN's six parts is an invalid TableArn too.</summary>
    public static void CheckAccess(DynamoDbCall call)
    {
        var arn = call.Request.String("ResourceArn") ?? throw DynamoDbException.Validation("Invalid TableArn");
        if (!Regex.IsMatch(arn, @"\A.+:.+:.+:.+:.+:.+/.+\z"))
        {
            throw TableReference.InvalidTableArn(arn);
        }
    }

    /// <summary>A ResourceArn that <see cref="CheckAccess"/> let through, checked as a table's ARN in the caller's account and region.</summary>
    public static string TableName(DynamoDbCall call, string operation)
    {
        var arn = call.Request.String("ResourceArn")!;
        var match = TableArn().Match(arn);
        if (!match.Success)
        {
            throw TableReference.InvalidTableArn(arn);
        }
        if (match.Groups["account"].Value != call.State.Options.AccountId)
        {
            throw TableReference.AccessDenied(call, operation, arn);
        }
        if (match.Groups["region"].Value != call.Context.Region)
        {
            throw TableReference.InvalidTableArn(arn);
        }
        return match.Groups["name"].Value;
    }

    /// <summary>The table a checked ResourceArn names.</summary>
    public static Table Find(DynamoDbCall call, string name)
    {
        var arn = call.Request.String("ResourceArn")!;
        call.Context.ResourceName = name;
        return call.FindTable(name) ?? throw DynamoDbException.ResourceNotFound($"Requested resource not found: ResourcArn: {arn} not found");
    }
}

/// <summary>TagResource. See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html</summary>
internal sealed class TagResource : DynamoDbOperation
{
    public override string Name => "TagResource";

    public override bool HasOutput => false;

    public override WireShape Shape { get; } = Struct("TagResourceInput",
        ("ResourceArn", new WireShape { Kind = WireKind.String, MinLength = 1, MaxLength = 1283 }),
        ("Tags", TableShapes.Tags));

    public override string? ResourceName(JsonElement request) => null;

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        TaggedTable.CheckAccess(call);
        if (!call.Request.Has("Tags"))
        {
            throw DynamoDbException.Validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        var name = TaggedTable.TableName(call, Name);
        var tags = call.Request.GetProperty("Tags").EnumerateArray().ToList();
        if (tags.Count == 0)
        {
            throw DynamoDbException.Validation("Atleast one Tag needs to be provided as Input.");
        }
        lock (call.State.Gate)
        {
            var table = TaggedTable.Find(call, name);
            var updated = new Dictionary<string, string>(table.Tags, StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                updated[tag.GetProperty("Key").GetString()!] = tag.GetProperty("Value").GetString()!;
            }
            call.State.SetTags(table, updated);
        }
    }
}

/// <summary>UntagResource. See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html</summary>
internal sealed class UntagResource : DynamoDbOperation
{
    public override string Name => "UntagResource";

    public override bool HasOutput => false;

    public override WireShape Shape { get; } = Struct("UntagResourceInput",
        ("ResourceArn", new WireShape { Kind = WireKind.String, MinLength = 1, MaxLength = 1283 }),
        ("TagKeys", List(Str())));

    public override string? ResourceName(JsonElement request) => null;

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        TaggedTable.CheckAccess(call);
        if (!call.Request.Has("TagKeys"))
        {
            throw DynamoDbException.Validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }
        var name = TaggedTable.TableName(call, Name);
        if (call.Request.GetProperty("TagKeys").GetArrayLength() == 0)
        {
            throw DynamoDbException.Validation("Atleast one Tag Key needs to be provided as Input.");
        }
        lock (call.State.Gate)
        {
            var table = TaggedTable.Find(call, name);
            var updated = new Dictionary<string, string>(table.Tags, StringComparer.Ordinal);
            foreach (var key in call.Request.GetProperty("TagKeys").EnumerateArray())
            {
                updated.Remove(key.GetString()!);
            }
            call.State.SetTags(table, updated);
        }
    }
}

/// <summary>ListTagsOfResource (all tags in one page). See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html</summary>
internal sealed class ListTagsOfResource : DynamoDbOperation
{
    public override string Name => "ListTagsOfResource";

    public override WireShape Shape { get; } = Struct("ListTagsOfResourceInput",
        ("ResourceArn", new WireShape { Kind = WireKind.String, MinLength = 1, MaxLength = 1283 }),
        ("NextToken", Str()));

    public override string? ResourceName(JsonElement request) => null;

    public override void Execute(DynamoDbCall call, Utf8JsonWriter response)
    {
        TaggedTable.CheckAccess(call);
        var name = TaggedTable.TableName(call, Name);
        lock (call.State.Gate)
        {
            var table = TaggedTable.Find(call, name);
            response.WriteStartArray("Tags");
            foreach (var (key, value) in table.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                response.WriteStartObject();
                response.WriteString("Key", key);
                response.WriteString("Value", value);
                response.WriteEndObject();
            }
            response.WriteEndArray();
        }
    }
}
