using Microsoft.Extensions.Configuration;
using System.Reflection;
using Shop.LocalAws.Provisioning;

namespace Shop.AppHost;

/// <summary>
/// Where things are and what the template declares: LocalAws's and the shop's ports (fixed so bookmarks and the
/// README's curl commands work; overridable as Shop:LocalAwsPort and Shop:WebPort), LocalAws's data folder
/// (Shop:DataDirectory, default Shop.AppHost/obj/localaws-data: delete it to start afresh), the functions' build
/// output, and the function names, read from infra/shop.template.yaml so nothing is declared twice.
/// </summary>
internal sealed record ShopLayout
{
    public required int LocalAwsPort { get; init; }
    public required int WebPort { get; init; }
    public required string TemplatePath { get; init; }
    public required string DataDirectory { get; init; }
    public required string FunctionsDirectory { get; init; }
    public required IReadOnlyList<string> SiteRoots { get; init; }
    public required IReadOnlyList<string> Functions { get; init; }
    public required string? SeedFunction { get; init; }

    public string LocalAwsUrl => $"http://localhost:{LocalAwsPort}";

    public static ShopLayout From(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var templatePath = Path.Combine(root, "infra", "shop.template.yaml");
        var stack = CloudFormationStack.Load(templatePath);
        var functions = stack.Resources
            .Where(resource => resource.Type == "AWS::Lambda::Function")
            .Select(stack.PhysicalName)
            .ToList();
        var metadata = typeof(ShopLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? string.Empty);
        return new ShopLayout
        {
            LocalAwsPort = configuration.GetValue("Shop:LocalAwsPort", 4566),
            WebPort = configuration.GetValue("Shop:WebPort", 8080),
            TemplatePath = templatePath,
            DataDirectory = configuration["Shop:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "obj", "localaws-data"),
            FunctionsDirectory = Path.GetFullPath(metadata["ShopFunctionsDirectory"]),
            SiteRoots = SiteRootsOf(Path.GetFullPath(metadata["ShopWebDirectory"]), metadata["BuildConfiguration"]),
            Functions = functions,
            SeedFunction = stack.Output("SeedCatalogFunctionName"),
        };
    }

    /// <summary>
    /// The storefront's files: its build's static web assets manifest (every URL of the Blazor WebAssembly build),
    /// else its wwwroot; none yet means the origin shows a placeholder page.
    /// </summary>
    private static List<string> SiteRootsOf(string webProject, string configuration)
    {
        var manifest = Path.Combine(webProject, "bin", configuration, "net10.0", "Shop.Web.staticwebassets.runtime.json");
        if (File.Exists(manifest))
        {
            return [manifest];
        }
        var wwwroot = Path.Combine(webProject, "wwwroot");
        return Directory.Exists(wwwroot) ? [wwwroot] : [];
    }
}
