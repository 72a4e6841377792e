using System.Collections.Concurrent;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// The functions LocalAws knows (registered by provisioning from the template), each with the queue of events
/// its execution environments take through the Runtime API.
/// </summary>
public sealed class LambdaFunctionRegistry
{
    private readonly ConcurrentDictionary<string, LambdaFunctionQueue> _functions = new(StringComparer.Ordinal);

    public void Register(LambdaFunctionConfiguration configuration) =>
        _functions.AddOrUpdate(configuration.FunctionName, _ => new LambdaFunctionQueue(configuration), (_, existing) =>
        {
            existing.Configuration = configuration;
            return existing;
        });

    /// <summary>Finds a function by name, full ARN or partial ARN (<c>function:name</c>), as the Lambda API accepts.</summary>
    public LambdaFunctionQueue? Find(string nameOrArn)
    {
        var name = nameOrArn;
        var marker = nameOrArn.IndexOf("function:", StringComparison.Ordinal);
        if (marker >= 0)
        {
            name = nameOrArn[(marker + "function:".Length)..];
            var qualifier = name.IndexOf(':', StringComparison.Ordinal);
            if (qualifier >= 0)
            {
                name = name[..qualifier];
            }
        }
        return _functions.GetValueOrDefault(name);
    }

    public IReadOnlyList<LambdaFunctionConfiguration> List() =>
        [.. _functions.Values.Select(f => f.Configuration).OrderBy(c => c.FunctionName, StringComparer.Ordinal)];
}
