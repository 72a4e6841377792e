using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Connections;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Transport;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws;

/// <summary>
/// Builds the LocalAws web application: every emulated service behind one port, the UI under /_localaws,
/// and a health endpoint for the AppHost. Program.cs runs it; tests start it in-process on a free port.
/// </summary>
public static class LocalAwsApp
{
    public const string HealthPath = "/_localaws/health";

    private static readonly Dictionary<string, string> CommandLineSwitches = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "LocalAws:DataDirectory",
        ["--port"] = "LocalAws:Port",
        ["--host"] = "LocalAws:Host",
        ["--region"] = "LocalAws:Region",
        ["--aws-backend-url"] = "LocalAws:AwsBackendUrl",
        ["--template"] = "LocalAws:TemplatePath",
        ["--parameters"] = "LocalAws:TemplateParameters",
        ["--stack-name"] = "LocalAws:StackName",
    };

    public static WebApplication Build(string[] args, Action<LocalAwsOptions>? configure = null, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(LocalAwsApp).Assembly.GetName().Name });
        builder.Configuration.AddCommandLine(args, CommandLineSwitches);

        var options = new LocalAwsOptions();
        builder.Configuration.GetSection("LocalAws").Bind(options);
        configure?.Invoke(options);
        builder.Services.AddSingleton(options);

        // With a collector every request is traced through Kestrel's HTTP server, so the fast path would only look.
        var fastPath = options.JsonFastPath && !builder.IsOtlpExporterConfigured();
        var eventLoop = fastPath && options.EventLoop && EventLoopTransport.IsSupported;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // S3 objects can be large; each service enforces AWS's own limits.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
            // Header values arrive decoded as UTF-8 (an S3 object's Content-Disposition with a non-ASCII file name);
            // they go back out as the same bytes instead of failing the response.
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            var address = options.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port, listen =>
            {
                if (fastPath && !eventLoop)
                {
                    listen.Use(next =>
                    {
                        var served = JsonFastPath.Create(listen.ApplicationServices);
                        served.KeepAliveTimeout = listen.KestrelServerOptions.Limits.KeepAliveTimeout;
                        served.RequestTimeout = listen.KestrelServerOptions.Limits.RequestHeadersTimeout;
                        return connection => served.OnConnectionAsync(connection, next);
                    });
                }
            });
        });
        builder.WebHost.UseSockets(SocketTransport.Configure);
        if (eventLoop)
        {
            // Registered after the socket transport, so Kestrel binds LocalAws's port with it.
            builder.Services.AddSingleton<IConnectionListenerFactory, EventLoopTransport>();
        }

        // A line per request would cost more than the request: appsettings.json says so too, but it is only read
        // when LocalAws starts in its project folder.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (!builder.IsOtlpExporterConfigured())
        {
            // ASP.NET Core starts an activity and a log scope for every request whenever its hosting category can
            // log at all, only so that log lines could carry trace ids. Without a collector no one reads them, and
            // this category's lines (request started and finished) are filtered out anyway. Request failures are
            // logged by Kestrel's category and by the router, which stay on.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<AwsCallLog>();
        builder.Services.AddSingleton<JsonFastPathCounters>();
        builder.Services.AddSingleton<AwsRequestRouter>();
        builder.Services.AddSingleton<LocalAwsUi>();
        LocalAwsServices.Add(builder.Services);
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        if (SocketTransport.RunsInline)
        {
            app.Logger.LogInformation("Requests run on the sockets' event threads ({Variable}=1)", SocketTransport.InlineCompletionsVariable);
        }
        var router = app.Services.GetRequiredService<AwsRequestRouter>();
        var ui = app.Services.GetRequiredService<LocalAwsUi>();
        var runtimeApi = app.Services.GetRequiredService<Lambda.LambdaRuntimeApi>();
        var apiGateway = app.Services.GetRequiredService<ApiGateway.HttpApiGateway>();
        var provisioner = app.Services.GetRequiredService<Provisioning.TemplateProvisioner>();
        // No endpoint routing: S3 object keys are arbitrary paths, so one terminal handler decides.
        app.Run(context =>
        {
            var path = context.Request.Path;
            if (path.Equals(HealthPath, StringComparison.Ordinal))
            {
                // Healthy once the template's resources exist, so the AppHost starts functions and seeds after that.
                context.Response.StatusCode = provisioner.IsComplete ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync(provisioner.IsComplete ? "Healthy" : "Provisioning");
            }
            if (path.StartsWithSegments(Lambda.LambdaRuntimeApi.PathPrefix, StringComparison.Ordinal))
            {
                return runtimeApi.HandleAsync(context);
            }
            if (ApiGateway.HttpApiGateway.Claims(context.Request))
            {
                return apiGateway.HandleAsync(context);
            }
            return path.StartsWithSegments(LocalAwsUi.PathPrefix, StringComparison.Ordinal)
                ? ui.HandleAsync(context)
                : router.HandleAsync(context);
        });
        return app;
    }

    /// <summary>The address Kestrel actually bound (useful with port 0).</summary>
    public static Uri GetBaseAddress(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "localhost", StringComparison.Ordinal));
    }
}
