using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shop.LocalAws;
using Shop.LocalAws.CloudFront;
using Shop.LocalAws.Lambda;
using Shop.LocalAws.Provisioning;
using Shop.Tests.Infrastructure;
using Shop.Tests.LocalAws.Lambda;

namespace Shop.Tests.EndToEnd;

/// <summary>
/// The whole shop as the AppHost runs it, on free ports: LocalAws provisioned from infra/shop.template.yaml, one runner
/// supervisor per function of the template (the real Shop.Functions, from this test's output folder), the catalog
/// seeded through the Invoke API, and the origin in front. Tests talk HTTP to the origin's /api, as a browser would.
/// </summary>
public sealed class ShopFixture : LocalAwsFixture
{
    private readonly List<RunnerProcess> _runners = [];
    private WebApplication? _origin;

    public CloudFormationStack Stack { get; private set; } = null!;
    public Uri OriginUrl { get; private set; } = null!;

    protected override void Configure(LocalAwsOptions options) => options.TemplatePath = TemplatePath;

    public static string TemplatePath => RepositoryPaths.Combine("infra", "shop.template.yaml");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.Services.GetRequiredService<TemplateProvisioner>().Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Stack = CloudFormationStack.Load(TemplatePath);
        foreach (var function in App.Services.GetRequiredService<LambdaFunctionRegistry>().List())
        {
            _runners.Add(RunnerProcess.StartSupervisor(function.FunctionName, BaseUrl, maxWorkers: 2));
        }
        _origin = LocalOrigin.Build([], options =>
        {
            options.Port = 0;
            options.TemplatePath = TemplatePath;
            options.LocalAws = BaseUrl.ToString();
        });
        await _origin.StartAsync();
        OriginUrl = _origin.GetOriginAddress();

        var seed = Stack.Output("SeedCatalogFunctionName")!;
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromMinutes(3);
        var seeded = await http.PostAsync($"/2015-03-31/functions/{seed}/invocations", new StringContent("{}"));
        var body = await seeded.Content.ReadAsStringAsync();
        if (!seeded.IsSuccessStatusCode || seeded.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException("Seeding failed: " + body);
        }
    }

    /// <summary>A shopper's HTTP client on the origin, with a fresh guest session.</summary>
    public async Task<HttpClient> NewShopperAsync()
    {
        var http = new HttpClient { BaseAddress = OriginUrl, Timeout = TimeSpan.FromMinutes(2) };
        var session = await (await http.PostAsync("/api/sessions", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session!["token"]!.GetValue<string>());
        http.DefaultRequestHeaders.Add("X-Test-User", session["userId"]!.GetValue<string>());
        return http;
    }

    public string QueueName(string logicalId) => Stack.PhysicalName(Stack.Find(logicalId)!);

    /// <summary>The emails LocalAws's SES accepted, as its UI's JSON lists them.</summary>
    public async Task<JsonArray> SentEmailsAsync()
    {
        using var http = CreateHttpClient();
        return (await http.GetFromJsonAsync<JsonObject>("/_localaws/ses/messages.json"))!["emails"]!.AsArray();
    }

    public override async Task DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }
        if (_origin is not null)
        {
            await _origin.StopAsync();
            await _origin.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
