using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Shop.LocalAws.DynamoDb.Model;
using Shop.LocalAws.DynamoDb.State;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.DynamoDb;

/// <summary>
/// The DynamoDB pages of the LocalAws UI: every table of every region with its key schema and indexes, and each
/// table's items, 50 to a page, in Scan order, shown in DynamoDB's JSON form. A table's page is
/// <c>/_localaws/dynamodb/REGION/NAME</c>, as a queue's is under SQS.
/// </summary>
internal sealed class DynamoDbUiSection(DynamoDbState state) : ILocalAwsUiSection
{
    private const int PageSize = 50;

    public string Title => "DynamoDB";

    public string Slug => "dynamodb";

    public Task<bool> RenderAsync(HttpContext context, string subPath, LocalAwsPage page)
    {
        lock (state.Gate)
        {
            if (subPath.Length == 0)
            {
                RenderTables(page);
                return Task.FromResult(true);
            }
            if (RegionalPath.Find(Uri.UnescapeDataString(subPath), state.Options.Region, state.Find, state.Tables.Select(t => (t.Name, t))) is not { } table)
            {
                return Task.FromResult(false);
            }
            var pageNumber = int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            RenderItems(page, table, pageNumber);
            return Task.FromResult(true);
        }
    }

    private void RenderTables(LocalAwsPage page)
    {
        page.Title = "DynamoDB tables";
        var tables = state.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Region, StringComparer.Ordinal).ToList();
        if (tables.Count == 0)
        {
            page.Html("<p class=\"muted\">No tables yet.</p>");
            return;
        }
        page.Html("<table><thead><tr><th>Table</th><th>Region</th><th>Key</th><th>Indexes</th><th>Billing</th><th>Items</th><th>Size (bytes)</th></tr></thead><tbody>");
        foreach (var table in tables)
        {
            var definition = table.Definition;
            page.Html($"<tr><td><a href=\"{PageLink(table)}\">").Text(table.Name).Html("</a></td><td>")
                .Text(table.Region).Html("</td><td>")
                .Text(Describe(definition.Key)).Html("</td><td>");
            foreach (var index in definition.Indexes)
            {
                page.Text($"{index.Name} ({(index.IsGlobal ? "GSI" : "LSI")}: {Describe(index.Key)}, {index.Projection.ProjectionType})").Html("<br>");
            }
            page.Html("</td><td>").Text(definition.PayPerRequest ? "PAY_PER_REQUEST" : $"PROVISIONED {definition.ProvisionedThroughput.ReadCapacityUnits}/{definition.ProvisionedThroughput.WriteCapacityUnits}")
                .Html("</td><td>").Text(table.Items.Count.ToString(CultureInfo.InvariantCulture))
                .Html("</td><td>").Text(table.Items.SizeBytes.ToString(CultureInfo.InvariantCulture)).Html("</td></tr>");
        }
        page.Html("</tbody></table>");
    }

    private static void RenderItems(LocalAwsPage page, Table table, int pageNumber)
    {
        page.Title = table.Name;
        var total = table.Items.Count;
        var pages = Math.Max(1, (int)((total + PageSize - 1) / PageSize));
        var timeToLive = table.TimeToLiveAttribute is { } attribute ? $" · time to live: {attribute}" : "";
        page.Html("<p class=\"muted\">").Text($"Region: {table.Region} · Key: {Describe(table.Definition.Key)}{timeToLive} · {total} items · page {pageNumber} of {pages}").Html("</p>");
        page.Html("<table><thead><tr><th>#</th><th>Item</th></tr></thead><tbody>");
        var number = (pageNumber - 1) * PageSize;
        foreach (var item in table.Items.AllItems().Skip((pageNumber - 1) * PageSize).Take(PageSize))
        {
            number++;
            page.Html("<tr><td>").Text(number.ToString(CultureInfo.InvariantCulture)).Html("</td><td><pre>").Text(ToJson(item)).Html("</pre></td></tr>");
        }
        page.Html("</tbody></table><p>");
        var link = PageLink(table) + "?page=";
        if (pageNumber > 1)
        {
            page.Html($"<a href=\"{link}{pageNumber - 1}\">← previous</a> ");
        }
        if (pageNumber < pages)
        {
            page.Html($"<a href=\"{link}{pageNumber + 1}\">next →</a>");
        }
        page.Html("</p>");
    }

    private static string PageLink(Table table) => RegionalPath.Of("dynamodb", table.Region, table.Name);

    private static string Describe(KeySchema key) =>
        key.Range is null ? $"{key.Hash.Name} ({key.Hash.Type}, HASH)" : $"{key.Hash.Name} ({key.Hash.Type}, HASH) + {key.Range.Name} ({key.Range.Type}, RANGE)";

    private static string ToJson(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // The page HTML-encodes this text, so the JSON need not escape HTML characters (which would make them unreadable).
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Item.WriteJson(writer, item);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
