using System.Diagnostics;
using System.Reflection;
using System.Reflection.PortableExecutable;
using Shop.Deploy;
using Shop.Tests.Functions.Template;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// Publishes Shop.Functions exactly as the deploy does (linux-arm64, framework-dependent, ReadyToRun), once per run,
/// so the handler checks look at what Lambda will load, not at the test's own build.
/// </summary>
public sealed class PublishedFunctions : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("shop-functions-publish-").FullName;

    public PublishedFunctions()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in ShopStack.PublishFunctionsArguments(RepositoryPaths.Root, Directory))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }

    public string AssemblyPath => Path.Combine(Directory, "Shop.Functions.dll");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public class TemplatePublishedHandlerTests(PublishedFunctions published) : IClassFixture<PublishedFunctions>
{
    [Fact]
    public void The_published_assembly_is_precompiled_ReadyToRun_code()
    {
        using var pe = new PEReader(File.OpenRead(published.AssemblyPath));

        // A ReadyToRun image carries a managed native header; a plain IL build does not.
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
    }

    [Fact]
    public void Every_handler_string_resolves_in_the_published_assembly_to_a_public_Task_of_Stream_method_taking_a_Stream()
    {
        // An arm64 ReadyToRun image cannot be loaded to run on this machine, but it can be read: MetadataLoadContext
        // resolves its types against the published files and this runtime's framework reference assemblies.
        var framework = Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll");
        using var context = new MetadataLoadContext(new PathAssemblyResolver([.. Directory.GetFiles(published.Directory, "*.dll"), .. framework]));
        var assembly = context.LoadFromAssemblyPath(published.AssemblyPath);
        var stream = context.CoreAssembly!.GetType("System.IO.Stream")!;
        var functions = ShopTemplate.Load().OfType("AWS::Lambda::Function").ToList();
        Assert.NotEmpty(functions);
        foreach (var (logicalId, properties) in functions)
        {
            var parts = ((string)properties["Handler"]!).Split("::");
            Assert.Equal(3, parts.Length);
            Assert.Equal(assembly.GetName().Name, parts[0]);
            var type = assembly.GetType(parts[1]);
            Assert.True(type is { IsPublic: true, IsAbstract: false }, $"{logicalId}: no public concrete class {parts[1]} in the published assembly");
            Assert.True(type.GetConstructor(Type.EmptyTypes) is { IsPublic: true }, $"{logicalId}: {parts[1]} needs a public parameterless constructor");
            var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance, [stream]);
            Assert.True(method?.ReturnType.ToString() == "System.Threading.Tasks.Task`1[System.IO.Stream]", $"{logicalId}: {parts[2]} must be Task<Stream> {parts[2]}(Stream), not {method?.ReturnType}");
        }
    }
}
