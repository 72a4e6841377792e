namespace Shop.LocalAws.Ui;

/// <summary>The read-only web UI at <c>/_localaws</c>: an index of the services, each rendered by its <see cref="ILocalAwsUiSection"/>.</summary>
public sealed class LocalAwsUi(IEnumerable<ILocalAwsUiSection> sections)
{
    public const string PathPrefix = "/_localaws";
    private readonly ILocalAwsUiSection[] _sections = [.. sections.OrderBy(s => s.Title, StringComparer.Ordinal)];

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var rest = context.Request.Path.Value![PathPrefix.Length..].Trim('/');
        var slash = rest.IndexOf('/');
        var slug = slash < 0 ? rest : rest[..slash];
        var subPath = slash < 0 ? string.Empty : rest[(slash + 1)..];
        var page = new LocalAwsPage();

        if (slug.Length == 0)
        {
            page.Title = "Services";
            page.Html("<p class=\"muted\">Read-only view of the emulated AWS services on this port.</p><ul>");
            foreach (var section in _sections)
            {
                page.Html($"<li><a href=\"{PathPrefix}/{LocalAwsPage.Encode(section.Slug)}\">{LocalAwsPage.Encode(section.Title)}</a></li>");
            }
            page.Html("</ul>");
        }
        else
        {
            var section = Array.Find(_sections, s => string.Equals(s.Slug, slug, StringComparison.OrdinalIgnoreCase));
            page.Title = section?.Title ?? "Not found";
            if (section is null || !await section.RenderAsync(context, subPath, page))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                page.Title = "Not found";
            }
        }

        if (context.Response.HasStarted)
        {
            return; // the section streamed a download
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page.Render(_sections));
    }
}
