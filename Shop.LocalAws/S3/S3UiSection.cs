using System.Globalization;
using Shop.LocalAws.S3.State;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.S3;

/// <summary>
/// The S3 pages of the LocalAws UI: buckets, their objects (size, type, modified), and downloads that stream the
/// object with its stored Content-Type (<c>/_localaws/s3/download?bucket=…&amp;key=…</c>).
/// </summary>
public sealed class S3UiSection(S3Store store) : ILocalAwsUiSection
{
    public string Title => "S3";

    public string Slug => "s3";

    public async Task<bool> RenderAsync(HttpContext context, string subPath, LocalAwsPage page)
    {
        if (subPath.Length == 0)
        {
            RenderBuckets(page);
            return true;
        }
        if (subPath == "download")
        {
            return await DownloadAsync(context);
        }
        if (subPath == "bucket" && store.FindBucket(context.Request.Query["name"].ToString()) is { } bucket)
        {
            RenderObjects(bucket, page);
            return true;
        }
        return false;
    }

    private void RenderBuckets(LocalAwsPage page)
    {
        page.Title = "S3 buckets";
        var buckets = store.Buckets;
        if (buckets.Count == 0)
        {
            page.Html("<p class=\"muted\">No buckets.</p>");
            return;
        }
        page.Html("<table><thead><tr><th>Bucket</th><th>Region</th><th>Objects</th><th>Created</th></tr></thead><tbody>");
        foreach (var bucket in buckets)
        {
            page.Html($"<tr><td><a href=\"/_localaws/s3/bucket?name={Uri.EscapeDataString(bucket.Name)}\">").Text(bucket.Name).Html("</a></td><td>")
                .Text(bucket.Region).Html("</td><td>").Text(bucket.Count.ToString(CultureInfo.InvariantCulture)).Html("</td><td>")
                .Text(bucket.CreationDate.ToString("u", CultureInfo.InvariantCulture)).Html("</td></tr>");
        }
        page.Html("</tbody></table>");
    }

    private static void RenderObjects(S3Bucket bucket, LocalAwsPage page)
    {
        page.Title = "S3 bucket " + bucket.Name;
        var objects = bucket.Snapshot();
        if (objects.Count == 0)
        {
            page.Html("<p class=\"muted\">The bucket is empty.</p>");
            return;
        }
        page.Html("<table><thead><tr><th>Key</th><th>Size (bytes)</th><th>Content-Type</th><th>Last modified</th><th>ETag</th></tr></thead><tbody>");
        foreach (var value in objects)
        {
            var href = $"/_localaws/s3/download?bucket={Uri.EscapeDataString(bucket.Name)}&key={Uri.EscapeDataString(value.Key)}";
            page.Html($"<tr><td><a href=\"{LocalAwsPage.Encode(href)}\">").Text(value.Key).Html("</a></td><td>")
                .Text(value.Size.ToString(CultureInfo.InvariantCulture)).Html("</td><td>").Text(value.Headers.ContentType).Html("</td><td>")
                .Text(value.LastModified.ToString("u", CultureInfo.InvariantCulture)).Html("</td><td><code>").Text(value.ETag).Html("</code></td></tr>");
        }
        page.Html("</tbody></table>");
    }

    private async Task<bool> DownloadAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (store.FindBucket(query["bucket"].ToString())?.Find(query["key"].ToString()) is not { } value)
        {
            return false;
        }
        var response = context.Response;
        response.ContentType = value.Headers.ContentType;
        response.ContentLength = value.Size;
        response.Headers.ETag = value.ETag;
        var fileName = value.Key[(value.Key.LastIndexOf('/') + 1)..];
        response.Headers.ContentDisposition = value.Headers.ContentDisposition
            ?? new System.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileNameStar = fileName.Length == 0 ? "object" : fileName }.ToString();
        if (value.Headers.ContentEncoding is { } encoding)
        {
            response.Headers.ContentEncoding = encoding;
        }
        await response.StartAsync(context.RequestAborted);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await value.Body.WriteToAsync(response, 0, value.Size, context.RequestAborted);
        }
        return true;
    }
}
