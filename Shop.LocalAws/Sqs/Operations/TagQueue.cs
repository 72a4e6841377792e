using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_TagQueue.html</summary>
public sealed class TagQueue : SqsOperation
{
    public override string Name => "TagQueue";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var tags = call.Input.StringMap("Tags");
        if (tags is null || tags.Count == 0)
        {
            throw SqsException.MissingParameter("The request must contain the parameter Tags.");
        }
        ValidateTags(tags);
        if (queue.TagsSnapshot().Keys.Union(tags.Keys).Count() > 50)
        {
            throw SqsException.InvalidParameterValue("Too many tags added for queue " + queue.Name + ".");
        }
        call.State.Tag(queue, tags, []);
        return ValueTask.CompletedTask;
    }

    /// <summary>Tag keys 1-128 characters, values at most 256, as SQS limits them.</summary>
    public static void ValidateTags(Dictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                throw SqsException.InvalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
            }
            if (value.Length > 256)
            {
                throw SqsException.InvalidParameterValue("Tag values must be less than 256 characters in length.");
            }
        }
    }
}
