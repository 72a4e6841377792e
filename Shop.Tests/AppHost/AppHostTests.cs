extern alias AppHost;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Shop.Tests.AppHost;

/// <summary>The whole AppHost, started by Aspire.Hosting.Testing; heavy (eleven processes), so it runs alone.</summary>
[CollectionDefinition(nameof(AppHostTests), DisableParallelization = true)]
public sealed class AppHostCollection;

[Collection(nameof(AppHostTests))]
public class AppHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task The_AppHost_starts_the_shop_and_an_order_placed_through_the_origins_api_is_processed()
    {
        // The AppHost's fixed ports (4566, 8080) are overridable, so this test never collides with a running AppHost.
        var (localAwsPort, webPort) = (FreePort(), FreePort());
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shop-apphost-" + Guid.NewGuid().ToString("N"));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Shop_AppHost>(
            [$"--Shop:LocalAwsPort={localAwsPort}", $"--Shop:WebPort={webPort}", $"--Shop:DataDirectory={dataDirectory}"],
            (options, _) => options.DisableDashboard = true);
        await using var app = await builder.BuildAsync();
        using var cancellation = new CancellationTokenSource(Patience);
        await app.StartAsync(cancellation.Token);
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("localaws", cancellation.Token);

            using var shop = new HttpClient { BaseAddress = new Uri($"http://localhost:{webPort}"), Timeout = TimeSpan.FromMinutes(2) };
            var products = await UntilAsync(async () =>
            {
                var answer = await shop.GetFromJsonAsync<JsonObject>("/api/products?limit=3", cancellation.Token);
                return answer?["items"]?.AsArray().Count > 0 ? answer : null; // the seed runs once LocalAws is healthy
            }, cancellation.Token);

            var session = await (await shop.PostAsync("/api/sessions", null, cancellation.Token)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>(cancellation.Token);
            shop.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session!["token"]!.GetValue<string>());
            var productId = products["items"]![0]!["productId"]!.GetValue<string>();
            (await shop.PostAsJsonAsync("/api/cart", new { productId, quantity = 1 }, cancellation.Token)).EnsureSuccessStatusCode();
            var placed = await shop.PostAsJsonAsync("/api/orders", new
            {
                email = "apphost-test@example.com",
                shipping = new { name = "Grace Hopper", line1 = "1 Compiler Way", city = "Arlington", postalCode = "22201", country = "US" },
            }, cancellation.Token);
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
            var orderId = (await placed.Content.ReadFromJsonAsync<JsonObject>(cancellation.Token))!["orderId"]!.GetValue<string>();

            var processed = await UntilAsync(async () =>
            {
                var order = await shop.GetFromJsonAsync<JsonObject>($"/api/orders/{orderId}", cancellation.Token);
                return order?["status"]?.GetValue<string>() == "PROCESSED" ? order : null;
            }, cancellation.Token);
            Assert.NotNull(processed["invoiceUrl"]);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, CancellationToken cancellationToken) where T : class
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await attempt() is { } result)
                {
                    return result;
                }
            }
            catch (HttpRequestException)
            {
                // the origin or a function is still starting
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
