using System.Text.Json;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Protocol;

/// <summary>One SQS API action: validates its input in AWS's order, acts on <see cref="SqsState"/>, writes its result members.</summary>
public abstract class SqsOperation
{
    /// <summary>The action as AWS names it (the part of <c>X-Amz-Target</c> after <c>AmazonSQS.</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Runs the action; writes the members of the response object to <see cref="SqsCall.Output"/> only after every check passed.</summary>
    public abstract ValueTask ExecuteAsync(SqsCall call);
}

/// <summary>One request as an operation sees it: the input, the state, where the caller reached us, and the output.</summary>
public sealed class SqsCall
{
    public required SqsInput Input { get; init; }
    public required SqsState State { get; init; }
    public required AwsRequestContext Request { get; init; }

    /// <summary><c>scheme://host[:port]</c> as the caller addressed us, so queue URLs work from the caller's side.</summary>
    public required string BaseUrl { get; init; }
    public required Utf8JsonWriter Output { get; init; }
    public required CancellationToken Aborted { get; init; }

    /// <summary>
    /// False on the JSON fast path, whose thread serves other connections: an operation that would have to wait (a
    /// long poll that finds no message) sets <see cref="Declined"/> instead, having changed and written nothing, and
    /// the request goes to Kestrel's HTTP server, where it may wait.
    /// </summary>
    public bool MayWait { get; init; } = true;

    /// <summary>Set by an operation that could not answer without waiting when <see cref="MayWait"/> is false.</summary>
    public bool Declined { get; set; }

    public string QueueUrl(SqsQueue queue) => $"{BaseUrl}/{State.Options.AccountId}/{queue.Name}";

    /// <summary>Resolves the request's QueueUrl member (in the caller's region unless its host names one) and names the queue for telemetry.</summary>
    public SqsQueue ResolveQueue()
    {
        var url = Input.String("QueueUrl");
        if (string.IsNullOrEmpty(url))
        {
            throw SqsException.MissingParameter("The request must contain the parameter QueueUrl.");
        }
        var queue = State.Resolve(url, Request.Region);
        Request.ResourceName = queue.Name;
        return queue;
    }

    public string SenderId => Request.Credential?.AccessKeyId ?? State.Options.AccountId;
}
