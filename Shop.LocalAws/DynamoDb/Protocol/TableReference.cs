using System.Text.RegularExpressions;

namespace Shop.LocalAws.DynamoDb.Protocol;

/// <summary>
/// What a TableName member refers to. Since 2024 DynamoDB takes a table's ARN wherever it takes its name
/// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-TableName),
/// so code that passes a stack output such as <c>!GetAtt Table.Arn</c> works against LocalAws as against AWS.
/// An ARN of another account is refused as access to that table, and one of another region than the request's is an
/// invalid TableArn, as DynamoDB answers tagging requests for them (<see cref="Operations.TaggedTable"/>); DynamoDB's
/// answers for a TableName of another region or account are not recorded anywhere we could check.
/// </summary>
internal static partial class TableReference
{
    [GeneratedRegex(@"\Aarn:aws:dynamodb:(?<region>[a-z0-9-]+):(?<account>\d{12}):table/(?<name>[a-zA-Z0-9_.-]{3,255})\z", RegexOptions.CultureInvariant)]
    private static partial Regex TableArn();

    /// <summary>Whether the text is a table's ARN; anything else in a TableName is checked as a name.</summary>
    public static bool IsTableArn(string text) => text.StartsWith("arn:", StringComparison.Ordinal) && TableArn().IsMatch(text);

    /// <summary>The table name a TableName member refers to: the text itself, or the name in a table ARN of the caller's account and region.</summary>
    public static string NameOf(DynamoDbCall call, string nameOrArn)
    {
        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal) || TableArn().Match(nameOrArn) is not { Success: true } arn)
        {
            return nameOrArn;
        }
        if (arn.Groups["account"].Value != call.State.Options.AccountId)
        {
            throw AccessDenied(call, call.Context.Operation ?? "", nameOrArn);
        }
        if (arn.Groups["region"].Value != call.Context.Region)
        {
            throw InvalidTableArn(nameOrArn);
        }
        return arn.Groups["name"].Value;
    }

    public static DynamoDbException InvalidTableArn(string arn) =>
        DynamoDbException.Validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);

    public static DynamoDbException AccessDenied(DynamoDbCall call, string operation, string resource) =>
        new(400, "AccessDeniedException",
            $"User: arn:aws:iam::{call.State.Options.AccountId}:user/localaws is not authorized to perform: dynamodb:{operation} on resource: {resource}");
}
