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

    /// <summary>
    /// The AWS data plane the functions talk to: null for LocalAws itself (the default), or LocalStack's URL when
    /// started with <c>--aws-backend localstack</c> (see docker-compose.yml). LocalAws then runs on :4567 and keeps
    /// only the Lambda, HTTP API and SQS event-source emulation.
    /// </summary>
    public required string? AwsBackendUrl { get; init; }

    public string LocalAwsUrl => $"http://localhost:{LocalAwsPort}";

    /// <summary>Where the functions' AWS SDK calls go.</summary>
    public string AwsEndpointUrl => AwsBackendUrl ?? LocalAwsUrl;

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
        var backend = (configuration["aws-backend"] ?? configuration["Shop:AwsBackend"] ?? "localaws").ToLowerInvariant();
        string? backendUrl = backend switch
        {
            "localaws" => null,
            "localstack" => configuration["Shop:LocalStackUrl"] ?? "http://localhost:4566",
            _ => throw new InvalidOperationException($"--aws-backend is 'localaws' (the default) or 'localstack', not '{backend}'."),
        };
        var metadata = typeof(ShopLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? string.Empty);
        return new ShopLayout
        {
            // With LocalStack on :4566, LocalAws moves aside to :4567.
            LocalAwsPort = configuration.GetValue("Shop:LocalAwsPort", backendUrl is null ? 4566 : 4567),
            AwsBackendUrl = backendUrl,
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
