using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListDeadLetterSourceQueues.html</summary>
public sealed class ListDeadLetterSourceQueues : SqsOperation
{
    public override string Name => "ListDeadLetterSourceQueues";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var maxResults = call.Input.Int("MaxResults");
        if (maxResults is < 1 or > 1000)
        {
            throw SqsException.InvalidParameterValue("Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
        }
        var after = call.Input.String("NextToken");
        var sources = call.State.SourcesOf(queue).Where(q => after is null || string.CompareOrdinal(q.Name, after) > 0).ToList();
        var page = sources.Take(maxResults ?? 1000).ToList();
        // The JSON model spells this member in lower camel case.
        call.Output.WriteStartArray("queueUrls");
        foreach (var source in page)
        {
            call.Output.WriteStringValue(call.QueueUrl(source));
        }
        call.Output.WriteEndArray();
        if (maxResults is not null && sources.Count > page.Count)
        {
            call.Output.WriteString("NextToken", page[^1].Name);
        }
        return ValueTask.CompletedTask;
    }
}
