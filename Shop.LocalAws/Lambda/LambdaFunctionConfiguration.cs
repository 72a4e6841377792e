namespace Shop.LocalAws.Lambda;

/// <summary>
/// A function as Lambda's GetFunctionConfiguration describes it: what the runner needs to start an execution
/// environment (handler, memory, timeout, environment) and what the Runtime API needs to enforce the deadline.
/// See https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
/// </summary>
public sealed record LambdaFunctionConfiguration
{
    public required string FunctionName { get; init; }
    public required string FunctionArn { get; init; }

    /// <summary>The region the function lives in, as its ARN names it (arn:aws:lambda:REGION:account:function:name).</summary>
    public string Region => FunctionArn.Split(':')[3];
    public required string Handler { get; init; }
    public string Runtime { get; init; } = "dotnet10";

    /// <summary>MB, 128 to 10240; Lambda's default is 128.</summary>
    public int MemorySize { get; init; } = 128;

    /// <summary>Seconds, 1 to 900; Lambda's default is 3.</summary>
    public int Timeout { get; init; } = 3;

    public string? Role { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Architectures { get; init; } = ["x86_64"];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The template's ReservedConcurrentExecutions, when set: also caps the local worker processes.</summary>
    public int? ReservedConcurrentExecutions { get; init; }

    public DateTimeOffset LastModified { get; init; }
}
