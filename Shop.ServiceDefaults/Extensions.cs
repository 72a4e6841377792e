using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every process of the shop shares: OpenTelemetry (traces, metrics, logs to the Aspire dashboard over OTLP),
/// health checks, service discovery and resilient HttpClients. Modelled on dotnet/eShop's ServiceDefaults.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Activity sources of the shop's own code; LocalAws and the functions start their spans on these.</summary>
    public static readonly string[] ShopActivitySources = ["Shop.LocalAws", "Shop.Functions", "Shop.LocalAws.Lambda"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Telemetry is for the Aspire dashboard, which the AppHost hands every process as an OTLP endpoint. Without a
        // collector (LocalAws run on its own, tests, benchmarks) every span, metric and log record would be built and
        // then dropped: for LocalAws that was a third of the CPU time of each AWS call. In-process ActivityListeners
        // still see the shop's own ActivitySources and ASP.NET Core's request activities.
        if (!IsOtlpExporterConfigured(builder))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ShopActivitySources)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes are noise in the dashboard's trace list.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                        // LocalAws's Lambda Runtime API long polls and its calls to itself (event source polling).
                        && !context.Request.Path.StartsWithSegments("/_lambda")
                        && !context.Request.Path.StartsWithSegments("/_localaws")
                        && !context.Request.Headers.ContainsKey("X-LocalAws-Internal"))
                // AWS SDK calls are HTTP calls: this makes them client spans whose traceparent LocalAws continues.
                .AddHttpClientInstrumentation(options =>
                    options.FilterHttpRequestMessage = request => !request.Headers.Contains("X-LocalAws-Internal")));

        builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    /// <summary>Whether telemetry has somewhere to go (the AppHost sets the endpoint for every process it starts).</summary>
    public static bool IsOtlpExporterConfigured(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps /health (ready) and /alive (live). Local development only exposes them; they reveal nothing secret.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
