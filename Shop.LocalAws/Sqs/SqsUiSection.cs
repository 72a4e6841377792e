using System.Globalization;
using Shop.LocalAws.Sqs.State;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.Sqs;

/// <summary>
/// The SQS pages of the LocalAws UI: the queues of every region with their attributes and message counts, and each
/// queue's messages (dead-letter queues included) at <c>/_localaws/sqs/REGION/NAME</c>, bodies HTML-encoded. Read-only:
/// looking does not receive or change a message.
/// </summary>
public sealed class SqsUiSection(SqsState state) : ILocalAwsUiSection
{
    public string Title => "SQS";
    public string Slug => "sqs";

    public Task<bool> RenderAsync(HttpContext context, string subPath, LocalAwsPage page)
    {
        if (subPath.Length == 0)
        {
            RenderQueues(page);
            return Task.FromResult(true);
        }
        var queue = RegionalPath.Find(Uri.UnescapeDataString(subPath), state.Options.Region, state.Find, state.Queues.Select(q => (q.Name, q)));
        if (queue is null)
        {
            return Task.FromResult(false);
        }
        RenderQueue(page, queue);
        return Task.FromResult(true);
    }

    private void RenderQueues(LocalAwsPage page)
    {
        page.Title = "SQS queues";
        var queues = state.Queues.ToList();
        if (queues.Count == 0)
        {
            page.Html("<p class=\"muted\">No queues yet.</p>");
            return;
        }
        page.Html("<table><thead><tr><th>Queue</th><th>Region</th><th>Type</th><th>Visible</th><th>In flight</th><th>Delayed</th><th>Dead-letter queue</th></tr></thead><tbody>");
        foreach (var queue in queues)
        {
            var counts = state.Count(queue);
            var isDeadLetterQueue = state.IsDeadLetterQueue(queue);
            page.Html("<tr><td><a href=\"").Html(LocalAwsPage.Encode(PathOf(queue))).Html("\">").Text(queue.Name).Html("</a>")
                .Html(isDeadLetterQueue ? " <span class=\"muted\">(dead-letter queue)</span>" : string.Empty).Html("</td>")
                .Html("<td>").Text(queue.Region).Html("</td>")
                .Html("<td>").Text(queue.IsFifo ? "FIFO" : "Standard").Html("</td>")
                .Html("<td>").Text(Number(counts.Visible)).Html("</td><td>").Text(Number(counts.NotVisible)).Html("</td><td>").Text(Number(counts.Delayed)).Html("</td>")
                .Html("<td>").Text(queue.Settings.Redrive is { } redrive ? $"{redrive.DeadLetterTargetArn} after {redrive.MaxReceiveCount} receives" : string.Empty).Html("</td></tr>");
        }
        page.Html("</tbody></table>");
    }

    private void RenderQueue(LocalAwsPage page, SqsQueue queue)
    {
        page.Title = "Queue " + queue.Name;
        var now = state.Now;
        var counts = state.Count(queue);
        page.Html("<h2>Attributes</h2><table><tbody>");
        Row(page, "Region", queue.Region);
        Row(page, "QueueArn", queue.Arn);
        Row(page, "ApproximateNumberOfMessages", Number(counts.Visible));
        Row(page, "ApproximateNumberOfMessagesNotVisible", Number(counts.NotVisible));
        Row(page, "ApproximateNumberOfMessagesDelayed", Number(counts.Delayed));
        Row(page, "CreatedTimestamp", DateTimeOffset.FromUnixTimeMilliseconds(queue.CreatedTimestamp).ToString("u", CultureInfo.InvariantCulture));
        foreach (var (name, value) in queue.Settings.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            Row(page, name, value);
        }
        foreach (var (key, value) in queue.TagsSnapshot())
        {
            Row(page, "Tag " + key, value);
        }
        var sources = state.SourcesOf(queue);
        if (sources.Count > 0)
        {
            Row(page, "Dead-letter queue of", string.Join(", ", sources.Select(s => s.Name)));
        }
        page.Html("</tbody></table>");

        var messages = state.Messages(queue);
        page.Html("<h2>Messages (").Text(Number(messages.Count)).Html(")</h2>");
        if (messages.Count == 0)
        {
            page.Html("<p class=\"muted\">No messages.</p>");
            return;
        }
        page.Html("<table><thead><tr><th>Message id</th><th>Sent</th><th>State</th><th>Receives</th><th>Attributes</th><th>Body</th></tr></thead><tbody>");
        foreach (var message in messages.Take(500))
        {
            var status = message.IsInFlight(now) ? "in flight" : message.IsDelayed(now) ? "delayed" : "visible";
            var attributes = string.Join("\n", message.Attributes.Select(a => $"{a.Name} ({a.DataType}) = {(a.IsBinary ? Convert.ToBase64String(a.BinaryValue ?? []) : a.StringValue)}"));
            if (message.DeadLetterQueueSourceArn is { } source)
            {
                attributes = $"DeadLetterQueueSourceArn = {source}\n{attributes}";
            }
            page.Html("<tr><td>").Text(message.MessageId).Html("</td><td>")
                .Text(DateTimeOffset.FromUnixTimeMilliseconds(message.SentTimestamp).ToString("u", CultureInfo.InvariantCulture)).Html("</td><td>")
                .Text(status).Html("</td><td>").Text(Number(message.ReceiveCount)).Html("</td><td><pre>").Text(attributes)
                .Html("</pre></td><td><pre>").Text(message.Body).Html("</pre></td></tr>");
        }
        page.Html("</tbody></table>");
        if (messages.Count > 500)
        {
            page.Html("<p class=\"muted\">Showing the oldest 500 messages.</p>");
        }
    }

    /// <summary>The queue's page: region and name, as the same name may be a queue in several regions.</summary>
    public static string PathOf(SqsQueue queue) => RegionalPath.Of("sqs", queue.Region, queue.Name);

    private static void Row(LocalAwsPage page, string name, string value) =>
        page.Html("<tr><th>").Text(name).Html("</th><td>").Text(value).Html("</td></tr>");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
