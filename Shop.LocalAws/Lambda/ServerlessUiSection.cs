using Shop.LocalAws.ApiGateway;
using Shop.LocalAws.EventSources;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// The local serverless runtime in the LocalAws UI (<c>/_localaws/lambda</c>): functions with their configuration and
/// load (events waiting, environments idle and busy), HTTP API routes, and SQS event source mappings.
/// See https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
/// </summary>
public sealed class ServerlessUiSection(LambdaFunctionRegistry functions, HttpApiRegistry apis, SqsEventSourcePoller eventSources) : ILocalAwsUiSection
{
    public string Title => "Lambda and API Gateway";
    public string Slug => "lambda";

    public Task<bool> RenderAsync(HttpContext context, string subPath, LocalAwsPage page)
    {
        if (subPath.Length > 0)
        {
            return Task.FromResult(false);
        }
        page.Html("<h2>Functions</h2><table><thead><tr><th>Name</th><th>Handler</th><th>Memory</th><th>Timeout</th><th>Waiting</th><th>Idle</th><th>Busy</th></tr></thead><tbody>");
        foreach (var configuration in functions.List())
        {
            var demand = functions.Find(configuration.FunctionName)!.Demand;
            page.Html("<tr><td>").Text(configuration.FunctionName).Html("</td><td><code>").Text(configuration.Handler).Html("</code></td><td>")
                .Text($"{configuration.MemorySize} MB").Html("</td><td>").Text($"{configuration.Timeout} s").Html("</td><td>")
                .Text(demand.Pending.ToString(System.Globalization.CultureInfo.InvariantCulture)).Html("</td><td>")
                .Text(demand.Idle.ToString(System.Globalization.CultureInfo.InvariantCulture)).Html("</td><td>")
                .Text(demand.Busy.ToString(System.Globalization.CultureInfo.InvariantCulture)).Html("</td></tr>");
        }
        page.Html("</tbody></table>");

        foreach (var api in apis.List())
        {
            page.Html("<h2>HTTP API ").Text(api.Name).Html("</h2><p class=\"muted\">")
                .Text($"{context.Request.Scheme}://{context.Request.Host}{HttpApiGateway.PathPrefix}/{api.ApiId}/ (stages: {string.Join(", ", api.Stages.Keys)})")
                .Html("</p><table><thead><tr><th>Route</th><th>Function</th></tr></thead><tbody>");
            foreach (var route in api.Routes.Values.OrderBy(r => r.RouteKey.Split(' ').Last(), StringComparer.Ordinal))
            {
                page.Html("<tr><td><code>").Text(route.RouteKey).Html("</code></td><td>").Text(route.FunctionName.Split(':').Last()).Html("</td></tr>");
            }
            page.Html("</tbody></table>");
        }

        page.Html("<h2>Event source mappings</h2><table><thead><tr><th>Queue</th><th>Function</th><th>Batch size</th><th>Window</th><th>Partial failures</th></tr></thead><tbody>");
        foreach (var mapping in eventSources.Mappings)
        {
            page.Html("<tr><td>").Text(mapping.QueueName).Html("</td><td>").Text(mapping.FunctionName.Split(':').Last()).Html("</td><td>")
                .Text(mapping.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture)).Html("</td><td>")
                .Text($"{mapping.MaximumBatchingWindowInSeconds} s").Html("</td><td>").Text(mapping.ReportBatchItemFailures ? "reported" : "whole batch").Html("</td></tr>");
        }
        page.Html("</tbody></table>");
        return Task.FromResult(true);
    }
}
