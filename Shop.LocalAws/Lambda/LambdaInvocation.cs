using System.Diagnostics;

namespace Shop.LocalAws.Lambda;

/// <summary>One event waiting for, or being handled by, an execution environment of a function.</summary>
public sealed class LambdaInvocation
{
    public required string RequestId { get; init; }
    public required byte[] Payload { get; init; }

    /// <summary>The span the invocation continues (the caller's), sent to the runtime as Lambda-Runtime-Trace-Id.</summary>
    public ActivityContext Parent { get; init; }

    /// <summary>Set when an execution environment takes the event: now plus the function's timeout.</summary>
    public DateTimeOffset? Deadline { get; set; }

    public TaskCompletionSource<LambdaInvocationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// What an invocation produced: the response payload, or an error payload with Lambda's function error
/// (<c>Unhandled</c>), as the Invoke API reports them in the body and the X-Amz-Function-Error header.
/// </summary>
public sealed record LambdaInvocationResult(byte[] Payload, string? FunctionError)
{
    public bool Failed => FunctionError is not null;

    public static LambdaInvocationResult Error(string errorType, string errorMessage) => new(
        System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["errorType"] = errorType,
            ["errorMessage"] = errorMessage,
        })),
        "Unhandled");
}
