using System.Reflection;
using System.Runtime.Loader;

namespace Shop.LocalAws.LambdaRunner;

/// <summary>
/// The function's handler, found as Lambda's .NET runtime finds it: <c>Assembly::Namespace.Type::Method</c>,
/// the assembly loaded from LAMBDA_TASK_ROOT into its own load context, the type created once (the init phase),
/// the method taking and returning a <see cref="Stream"/> (or <c>Task&lt;Stream&gt;</c>).
/// See https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html
/// </summary>
internal sealed class FunctionHandler
{
    private readonly object? _instance;
    private readonly MethodInfo _method;

    private FunctionHandler(object? instance, MethodInfo method)
    {
        _instance = instance;
        _method = method;
    }

    /// <summary>Loads and initializes the handler; throws <see cref="FunctionInitException"/> with Lambda's error type when it cannot.</summary>
    public static FunctionHandler Load(string handler, string taskRoot)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new FunctionInitException("Runtime.InvalidHandler", $"The handler '{handler}' is not Assembly::Namespace.Type::Method.");
        }
        var assemblyPath = Path.Combine(taskRoot, parts[0] + ".dll");
        if (!File.Exists(assemblyPath))
        {
            throw new FunctionInitException("Runtime.AssemblyNotFound", $"Could not find the assembly '{parts[0]}.dll' in {taskRoot}.");
        }
        var context = new FunctionLoadContext(assemblyPath);
        var assembly = context.LoadFromAssemblyPath(assemblyPath);
        var type = assembly.GetType(parts[1]) ?? throw new FunctionInitException("Runtime.TypeNotFound", $"Could not find the type '{parts[1]}' in {parts[0]}.");
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == parts[2])
            .FirstOrDefault(m => m.GetParameters() is [{ ParameterType: var input }] && input == typeof(Stream)
                && (m.ReturnType == typeof(Stream) || m.ReturnType == typeof(Task<Stream>)))
            ?? throw new FunctionInitException("Runtime.MethodNotFound", $"Could not find a method '{parts[2]}(Stream)' returning Stream or Task<Stream> on {parts[1]}.");

        object? instance = null;
        if (!method.IsStatic)
        {
            try
            {
                instance = Activator.CreateInstance(type);
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                throw new FunctionInitException(error.InnerException.GetType().Name, error.InnerException.Message, error.InnerException);
            }
            catch (MissingMethodException error)
            {
                throw new FunctionInitException("Runtime.NoParameterlessConstructor", error.Message, error);
            }
        }
        return new FunctionHandler(instance, method);
    }

    public async Task<Stream?> InvokeAsync(Stream input)
    {
        try
        {
            var result = _method.Invoke(_instance, [input]);
            return result is Task<Stream> pending ? await pending : (Stream?)result;
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerException);
            throw;
        }
    }

    /// <summary>
    /// Resolves the function's own dependencies from its folder (its .deps.json, then the folder itself); assemblies the
    /// runner already has (the framework, OpenTelemetry's DiagnosticSource) are shared so spans and HttpClient
    /// instrumentation see one Activity type.
    /// </summary>
    private sealed class FunctionLoadContext(string mainAssemblyPath) : AssemblyLoadContext("function", isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);
        private readonly string _directory = Path.GetDirectoryName(mainAssemblyPath)!;
        private static readonly HashSet<string> Shared = new(
            ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(Path.GetFileNameWithoutExtension)!,
            StringComparer.OrdinalIgnoreCase);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is { } name && Shared.Contains(name))
            {
                return null; // the default context's copy
            }
            var path = _resolver.ResolveAssemblyToPath(assemblyName);
            if (path is null && assemblyName.Name is { } simple)
            {
                path = File.Exists(Path.Combine(_directory, simple + ".dll"))
                    ? Path.Combine(_directory, simple + ".dll")
                    : _packageAssemblies.Value.GetValueOrDefault(simple);
            }
            return path is null ? null : LoadFromAssemblyPath(path);
        }

        private readonly Lazy<Dictionary<string, string>> _packageAssemblies = new(() => PackageAssemblies(mainAssemblyPath));

        /// <summary>
        /// A build output (not a publish or a Lambda zip) keeps its packages in the NuGet cache; its .deps.json says
        /// where, as the host's own probing does for applications run from their build folder.
        /// </summary>
        private static Dictionary<string, string> PackageAssemblies(string mainAssemblyPath)
        {
            var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var depsPath = Path.ChangeExtension(mainAssemblyPath, ".deps.json");
            if (!File.Exists(depsPath))
            {
                return found;
            }
            var packagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(depsPath));
            var libraries = deps.RootElement.GetProperty("libraries");
            foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (!library.Value.TryGetProperty("runtime", out var runtime)
                        || !libraries.TryGetProperty(library.Name, out var description)
                        || description.GetProperty("type").GetString() != "package"
                        || !description.TryGetProperty("path", out var packagePath))
                    {
                        continue;
                    }
                    foreach (var asset in runtime.EnumerateObject())
                    {
                        var file = Path.Combine(packagesRoot, packagePath.GetString()!, asset.Name);
                        if (File.Exists(file))
                        {
                            found.TryAdd(Path.GetFileNameWithoutExtension(file), file);
                        }
                    }
                }
            }
            return found;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}

/// <summary>An init-phase failure, reported to /runtime/init/error with Lambda's error type.</summary>
internal sealed class FunctionInitException(string errorType, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorType { get; } = errorType;
}
