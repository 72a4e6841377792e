using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueueTags.html</summary>
public sealed class ListQueueTags : SqsOperation
{
    public override string Name => "ListQueueTags";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var tags = call.ResolveQueue().TagsSnapshot();
        if (tags.Count > 0)
        {
            call.Output.WriteStartObject("Tags");
            foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                call.Output.WriteString(key, value);
            }
            call.Output.WriteEndObject();
        }
        return ValueTask.CompletedTask;
    }
}
