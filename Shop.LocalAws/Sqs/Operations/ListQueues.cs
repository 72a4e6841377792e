using System.Text;
using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html</summary>
public sealed class ListQueues : SqsOperation
{
    public override string Name => "ListQueues";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var prefix = call.Input.String("QueueNamePrefix") ?? string.Empty;
        var maxResults = call.Input.Int("MaxResults");
        var nextToken = call.Input.String("NextToken");
        if (maxResults is < 1 or > 1000)
        {
            throw SqsException.InvalidParameterValue("Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
        }
        if (nextToken is not null && maxResults is null)
        {
            throw SqsException.InvalidParameterValue("MaxResults is a mandatory parameter when you provide a value for NextToken.");
        }
        var after = nextToken is null ? null : DecodeToken(nextToken, prefix);
        var names = call.State.QueuesIn(call.Request.Region)
            .Where(q => q.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(q.Name, after) > 0))
            .ToList();
        var limit = maxResults ?? 1000;
        var page = names.Take(limit).ToList();
        if (page.Count > 0)
        {
            call.Output.WriteStartArray("QueueUrls");
            foreach (var queue in page)
            {
                call.Output.WriteStringValue(call.QueueUrl(queue));
            }
            call.Output.WriteEndArray();
        }
        if (maxResults is not null && names.Count > page.Count)
        {
            call.Output.WriteString("NextToken", EncodeToken(page[^1].Name, prefix));
        }
        return ValueTask.CompletedTask;
    }

    private static string EncodeToken(string lastName, string prefix) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{prefix}\n{lastName}"));

    private static string DecodeToken(string token, string prefix)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            if (parts.Length == 2 && parts[0] == prefix)
            {
                return parts[1];
            }
        }
        catch (FormatException)
        {
        }
        throw SqsException.InvalidParameterValue("Invalid NextToken value.");
    }
}
