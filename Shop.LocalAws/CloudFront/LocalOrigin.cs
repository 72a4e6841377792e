using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Shop.LocalAws.Provisioning;

namespace Shop.LocalAws.CloudFront;

/// <summary>How the local origin is set up (<c>--role origin</c>); bound from the command line and section "Origin".</summary>
public sealed class LocalOriginOptions
{
    public int Port { get; set; } = 8080;
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Where the storefront's files are: folders or static web assets manifests, separated by ';'.</summary>
    public string? SiteRoots { get; set; }

    /// <summary>LocalAws, which serves the HTTP API at /_aws/execute-api/{apiId}.</summary>
    public string LocalAws { get; set; } = "http://localhost:4566";

    /// <summary>The template and its parameters, to find the HTTP API's id the way provisioning names it.</summary>
    public string? TemplatePath { get; set; }
    public string? TemplateParameters { get; set; }
    public string StackName { get; set; } = "shop";

    /// <summary>The path prefix CloudFront routes to the API origin.</summary>
    public string ApiPathPrefix { get; set; } = "/api";
}

/// <summary>
/// The shopper's single origin, in CloudFront's role: <c>/api/*</c> goes to the HTTP API (path unchanged, as a
/// CloudFront cache behavior forwards it to an API Gateway origin) and everything else is the storefront's static
/// files, with deep links falling back to index.html as a CloudFront custom error response does for a SPA.
/// See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html
/// </summary>
public static class LocalOrigin
{
    private static readonly Dictionary<string, string> CommandLineSwitches = new(StringComparer.Ordinal)
    {
        ["--port"] = "Origin:Port",
        ["--host"] = "Origin:Host",
        ["--site-roots"] = "Origin:SiteRoots",
        ["--localaws"] = "Origin:LocalAws",
        ["--template"] = "Origin:TemplatePath",
        ["--parameters"] = "Origin:TemplateParameters",
        ["--stack-name"] = "Origin:StackName",
        ["--role"] = "Origin:Role",
    };

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public static bool IsOriginRole(string[] args) =>
        args.Select((value, index) => (value, index)).Any(a => a.value == "--role" && a.index + 1 < args.Length && args[a.index + 1] == "origin");

    public static WebApplication Build(string[] args, Action<LocalOriginOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = "Shop.LocalAws.Origin" });
        builder.Configuration.AddCommandLine(args, CommandLineSwitches);
        var options = new LocalOriginOptions();
        builder.Configuration.GetSection("Origin").Bind(options);
        configure?.Invoke(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // the API enforces its own 10 MB limit, as API Gateway does
            kestrel.Listen(options.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
        });
        // One log line per static file or proxied call is noise; appsettings.json is not read outside the project folder.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddServiceDefaults();

        var app = builder.Build();
        var site = new SiteFiles((options.SiteRoots ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var apiBase = ApiBase(options);
        // Not the resilient factory client: a CloudFront origin request is sent once, and a POST must never be replayed.
        var api = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        app.Lifetime.ApplicationStopping.Register(api.Dispose);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.LocalAws.Origin");
        logger.LogInformation("Origin: {ApiPrefix}/* → {Api}; site files from {Roots}", options.ApiPathPrefix, apiBase, site.IsEmpty ? "(none: placeholder page)" : options.SiteRoots);

        app.Run(context =>
            context.Request.Path.StartsWithSegments(options.ApiPathPrefix, StringComparison.Ordinal)
                ? ForwardToApiAsync(context, api, apiBase)
                : ServeSiteAsync(context, site));
        return app;
    }

    /// <summary>The HTTP API's invoke URL on LocalAws, found from the template as provisioning names it.</summary>
    private static string ApiBase(LocalOriginOptions options)
    {
        if (options.TemplatePath is null)
        {
            throw new InvalidOperationException("The origin needs --template to find the HTTP API it fronts.");
        }
        var stack = CloudFormationStack.Load(options.TemplatePath, CloudFormationStack.ParseParameterOverrides(options.TemplateParameters), new StackSettings { StackName = options.StackName });
        var api = stack.Resources.SingleOrDefault(r => r.Type == "AWS::ApiGatewayV2::Api")
            ?? throw new InvalidOperationException("The template declares no single AWS::ApiGatewayV2::Api for the origin to front.");
        return $"{options.LocalAws.TrimEnd('/')}/_aws/execute-api/{stack.PhysicalName(api)}";
    }

    private static async Task ForwardToApiAsync(HttpContext context, HttpClient api, string apiBase)
    {
        var request = context.Request;
        if (System.Diagnostics.Activity.Current is { } activity)
        {
            activity.DisplayName = $"{request.Method} {request.Path}";
        }
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), apiBase + request.Path.Value + request.QueryString.Value);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHopHeaders.Contains(name) || name.Equals("traceparent", StringComparison.OrdinalIgnoreCase) || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase))
            {
                continue; // the origin's own client span carries the trace on
            }
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        var clientIp = context.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
        forward.Headers.TryAddWithoutValidation("X-Forwarded-For", clientIp);
        forward.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        forward.Headers.TryAddWithoutValidation("Via", "1.1 localhost (LocalAws origin, CloudFront's role)");
        forward.Headers.TryAddWithoutValidation("X-Amz-Cf-Id", Convert.ToBase64String(RandomNumberGenerator.GetBytes(42)));

        HttpResponseMessage response;
        try
        {
            response = await api.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            // CloudFront's answer when the origin cannot be reached.
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("502 ERROR: The request could not be satisfied. CloudFront wasn't able to connect to the origin.");
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHopHeaders.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }
            context.Response.Headers["X-Cache"] = "Miss from cloudfront";
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private static async Task ServeSiteAsync(HttpContext context, SiteFiles site)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        var path = request.Path.Value is null or "/" ? "/index.html" : request.Path.Value;
        var file = site.Find(path);
        if (file is null && !Path.HasExtension(path))
        {
            file = site.Find("/index.html"); // a deep link into the SPA
        }
        if (file is null)
        {
            if (site.IsEmpty || site.Find("/index.html") is null)
            {
                if (!Path.HasExtension(path) || path == "/index.html")
                {
                    context.Response.ContentType = "text/html; charset=utf-8";
                    context.Response.Headers.CacheControl = "no-cache";
                    await context.Response.WriteAsync(PlaceholderPage);
                    return;
                }
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Not Found");
            return;
        }
        var contentType = site.ContentTypeOf(file);
        // As CloudFront with compression on: a published build's precompressed sibling when the browser accepts it.
        var (sent, encoding) = ChooseEncoding(site, path == "/" ? "/index.html" : path, file, request.Headers.AcceptEncoding.ToString());
        if (!path.EndsWith(".br", StringComparison.Ordinal) && !path.EndsWith(".gz", StringComparison.Ordinal))
        {
            context.Response.Headers.Vary = "Accept-Encoding";
        }
        if (encoding is not null)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }
        var info = new FileInfo(sent);
        var etag = $"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}{(encoding is null ? "" : "-" + encoding)}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = SiteFiles.CacheControlOf(file);
        context.Response.Headers.LastModified = info.LastWriteTimeUtc.ToString("R");
        if (request.Headers.IfNoneMatch.ToString() == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = contentType;
        context.Response.ContentLength = info.Length;
        if (HttpMethods.IsGet(request.Method))
        {
            await context.Response.SendFileAsync(sent, context.RequestAborted);
        }
    }

    /// <summary>Picks <c>file.br</c> or <c>file.gz</c> when it exists and the request accepts that encoding (brotli first).</summary>
    internal static (string File, string? Encoding) ChooseEncoding(SiteFiles site, string urlPath, string file, string acceptEncoding)
    {
        if (file.EndsWith(".br", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal))
        {
            return (file, null);
        }
        var accepted = acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.EndsWith(";q=0", StringComparison.Ordinal))
            .Select(e => e.Split(';')[0].Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var basePath = site.Find(urlPath) == file ? urlPath : "/index.html";
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (accepted.Contains(encoding) && site.Find(basePath + suffix) is { } compressed)
            {
                return (compressed, encoding);
            }
        }
        return (file, null);
    }

    private const string PlaceholderPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Shop</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:.1rem .3rem}</style></head>
        <body><h1>Shop</h1>
        <p>The storefront has not been built yet; the API is live under <a href="/api/products"><code>/api</code></a>.</p>
        <p>Try <code>curl http://localhost:8080/api/products</code>.</p></body></html>
        """;

    /// <summary>The address Kestrel bound (useful with port 0).</summary>
    public static Uri GetOriginAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
