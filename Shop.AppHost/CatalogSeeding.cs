using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.AppHost;

/// <summary>
/// Seeds the catalog once LocalAws is healthy by invoking the template's seed function (its
/// <c>SeedCatalogFunctionName</c> output) through Lambda's Invoke API, as the deploy script does in AWS.
/// The function leaves existing products alone, so every start may run it.
/// </summary>
internal static class CatalogSeeding
{
    public static IResourceBuilder<ProjectResource> WithCatalogSeed(this IResourceBuilder<ProjectResource> localAws, ShopLayout shop)
    {
        if (shop.SeedFunction is null)
        {
            return localAws;
        }
        localAws.OnResourceReady((resource, ready, cancellationToken) =>
        {
            var logger = ready.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            // Not awaited: the seed function's own environment starts only after LocalAws is ready.
            _ = Task.Run(() => SeedAsync(shop, logger, CancellationToken.None), CancellationToken.None);
            return Task.CompletedTask;
        });
        return localAws;
    }

    private static async Task SeedAsync(ShopLayout shop, ILogger logger, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(shop.LocalAwsUrl), Timeout = TimeSpan.FromMinutes(5) };
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var response = await http.PostAsync($"/2015-03-31/functions/{Uri.EscapeDataString(shop.SeedFunction!)}/invocations", new StringContent("{}"), cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode && !response.Headers.Contains("X-Amz-Function-Error"))
                {
                    logger.LogInformation("Catalog seeded by {Function}: {Result}", shop.SeedFunction, body);
                    return;
                }
                logger.LogWarning("Seeding with {Function} failed (attempt {Attempt}): {Status} {Body}", shop.SeedFunction, attempt, (int)response.StatusCode, body);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("Seeding with {Function} failed (attempt {Attempt}): {Error}", shop.SeedFunction, attempt, error.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }
        logger.LogError("The catalog was not seeded; invoke {Function} by hand: aws lambda invoke --endpoint-url {Url} --function-name {Function} out.json",
            shop.SeedFunction, shop.LocalAwsUrl, shop.SeedFunction);
    }
}
