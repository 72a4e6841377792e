using System.Diagnostics;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// Invokes a function the way Lambda's frontend does: queue the event for an execution environment, wait for its
/// response (synchronous invocations) or return at once (Event invocations). The Invoke API, the API Gateway
/// emulation and the SQS event source all go through here.
/// See https://docs.aws.amazon.com/lambda/latest/dg/lambda-invocation.html
/// </summary>
public sealed class LambdaInvoker(IConfiguration configuration, ILogger<LambdaInvoker> logger)
{
    /// <summary>Spans LocalAws starts around invocations; the runner continues them.</summary>
    public static readonly ActivitySource Source = new("Shop.LocalAws.Lambda");

    // Locally an execution environment is a process someone must have started (the AppHost does); an event
    // nobody takes within this time fails instead of waiting forever. Cold starts on a busy laptop take seconds.
    private TimeSpan DispatchTimeout => TimeSpan.FromSeconds(configuration.GetValue("LocalAws:Lambda:DispatchTimeoutSeconds", 120));

    public async Task<LambdaInvocationResult> InvokeAsync(LambdaFunctionQueue function, byte[] payload, CancellationToken cancellationToken)
    {
        var invocation = Enqueue(function, payload, out var activity);
        using (activity)
        {
            var result = await invocation.Completion.Task.WaitAsync(cancellationToken);
            if (result.Failed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.FunctionError);
                activity?.SetTag("error.type", result.FunctionError);
            }
            return result;
        }
    }

    /// <summary>An asynchronous (Event) invocation: queued, answered later, failures only logged.</summary>
    public string InvokeAsyncEvent(LambdaFunctionQueue function, byte[] payload)
    {
        var invocation = Enqueue(function, payload, out var activity);
        activity?.Dispose();
        _ = invocation.Completion.Task.ContinueWith(task =>
        {
            if (task.Result.Failed)
            {
                logger.LogWarning("Asynchronous invocation {RequestId} of {Function} failed: {Error}",
                    invocation.RequestId, function.Configuration.FunctionName, System.Text.Encoding.UTF8.GetString(task.Result.Payload));
            }
        }, TaskScheduler.Default);
        return invocation.RequestId;
    }

    private LambdaInvocation Enqueue(LambdaFunctionQueue function, byte[] payload, out Activity? activity)
    {
        var name = function.Configuration.FunctionName;
        activity = Source.StartActivity($"{name} invoke", ActivityKind.Client);
        activity?.SetTag("faas.invoked_name", name);
        activity?.SetTag("faas.invoked_provider", "aws");
        activity?.SetTag("faas.invoked_region", function.Configuration.Region);
        var parent = activity?.Context ?? Activity.Current?.Context ?? default;
        if (parent == default)
        {
            parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        }
        var invocation = new LambdaInvocation
        {
            RequestId = Guid.NewGuid().ToString(),
            Payload = payload,
            Parent = parent,
        };
        activity?.SetTag("faas.invocation_id", invocation.RequestId);
        function.Enqueue(invocation);
        _ = FailIfNotTakenAsync(function, invocation);
        return invocation;
    }

    private async Task FailIfNotTakenAsync(LambdaFunctionQueue function, LambdaInvocation invocation)
    {
        await Task.WhenAny(invocation.Completion.Task, Task.Delay(DispatchTimeout));
        if (invocation.Deadline is null && function.Complete(invocation, LambdaInvocationResult.Error("Runtime.Unavailable",
                $"No execution environment of {function.Configuration.FunctionName} took the event within {DispatchTimeout.TotalSeconds:0} seconds. Start the function's runner (the AppHost does).")))
        {
            logger.LogWarning("No execution environment of {Function} took invocation {RequestId}", function.Configuration.FunctionName, invocation.RequestId);
        }
    }
}
