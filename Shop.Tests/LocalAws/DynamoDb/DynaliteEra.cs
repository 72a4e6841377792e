using System.Text.RegularExpressions;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>
/// dynalite answers as DynamoDB did before 2024. Where DynamoDB's validation has changed since, LocalAws answers as
/// DynamoDB does today (<see cref="DynamoDbCurrentWordingTests"/> holds each answer, from the dynamodb-conformance
/// suite's captures of DynamoDB), and the differential tests accept exactly these differences, nothing looser:
/// <list type="bullet">
/// <item>table names: dynalite's "TableName must be at least 3 characters long and at most 255 characters long"
/// became constraint errors on 'tableName' when ARNs were accepted in its place, an empty name is "length greater
/// than or equal to 1", and a bad name is reported on its own, before the request's other constraints;</item>
/// <item>empty RequestItems: "The requestItems parameter is required for BatchGetItem" instead of a length
/// constraint;</item>
/// <item>how a message shows values: structures as Java objects (<c>KeySchemaElement(attributeName=pk, keyType=HASH)</c>)
/// and maps as <c>{k=v}</c> where dynalite prints JSON, and Query's Limit and BatchGetItem's Keys named by their
/// request path without a value ("Value at 'Limit'").</item>
/// </list>
/// </summary>
internal static partial class DynaliteEra
{
    private const string OldTableNameMessage = "TableName must be at least 3 characters long and at most 255 characters long";

    /// <summary>Why LocalAws's error message differs from dynalite's, if it is one of the changes above; else null.</summary>
    public static string? Explains(string? ours, string? theirs)
    {
        if (ours is null || theirs is null || ours == theirs)
        {
            return null;
        }
        var ourErrors = Errors(ours);
        if (ourErrors.Length > 0 && ourErrors.All(e => e.Contains(" at 'tableName' ", StringComparison.Ordinal)))
        {
            if (theirs == OldTableNameMessage)
            {
                return "a table name's constraints since ARNs are accepted";
            }
            var theirErrors = Errors(theirs);
            if (theirErrors.Length > ourErrors.Length && ourErrors.All(theirErrors.Contains))
            {
                return "a bad table name is reported on its own";
            }
            if (ours == "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
                && theirErrors.Any(e => e.StartsWith("Value '' at 'tableName' ", StringComparison.Ordinal)))
            {
                return "an empty table name fails the 1 to 1,024 characters of a name or ARN";
            }
        }
        if (RequiredParameter().IsMatch(ours) && theirs.StartsWith("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1", StringComparison.Ordinal))
        {
            return "empty RequestItems are a missing parameter";
        }
        if ((JavaObject().IsMatch(ours) || ours.Contains("Value at '", StringComparison.Ordinal)) && WithoutValues(ours) == WithoutValues(theirs))
        {
            return "values shown as DynamoDB's Java objects, or left out";
        }
        return null;
    }

    private static string[] Errors(string message)
    {
        var detected = ValidationErrors().Match(message);
        return detected.Success ? message[detected.Length..].Split("; Value ").Select((e, i) => i == 0 ? e : "Value " + e).ToArray() : [];
    }

    private static string WithoutValues(string message) => ShownValue().Replace(message, "Value at '").ToLowerInvariant();

    [GeneratedRegex(@"^\d+ validation errors? detected: ")]
    private static partial Regex ValidationErrors();

    [GeneratedRegex(@"^The requestItems parameter is required for Batch(Get|Write)Item$")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex(@"[A-Z][A-Za-z]+\([a-z][A-Za-z]*=|\{[^""{}=]+=")]
    private static partial Regex JavaObject();

    [GeneratedRegex(@"Value '.*?' at '", RegexOptions.Singleline)]
    private static partial Regex ShownValue();
}
