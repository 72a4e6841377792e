using System.Collections.Concurrent;
using Shop.Functions.Orders;

namespace Shop.Tests.Functions.Fakes;

/// <summary>An order queue that keeps what was published.</summary>
public sealed class RecordingOrderQueue : IOrderQueue
{
    public ConcurrentQueue<OrderMessage> Published { get; } = new();

    /// <summary>Set to make the next publishes fail, as an unreachable queue would.</summary>
    public int FailuresToInject { get; set; }

    public Task PublishAsync(OrderMessage message, CancellationToken cancellationToken)
    {
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new IOException("SQS is unavailable.");
        }
        Published.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>Invoices in memory; counts writes so a test can see an invoice was written once.</summary>
public sealed class InMemoryInvoiceStore : IInvoiceStore
{
    public ConcurrentDictionary<string, string> Objects { get; } = new();
    private int _writes;

    public int Writes => _writes;

    /// <summary>Set to make the next writes fail, as an unavailable bucket would.</summary>
    public int FailuresToInject { get; set; }

    public async Task<string> PutAsync(string orderId, string text, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new IOException("The bucket is unavailable.");
        }
        Interlocked.Increment(ref _writes);
        var key = $"invoices/{orderId}.txt";
        Objects[key] = text;
        return key;
    }

    public Uri GetDownloadUrl(string key) => new("https://invoices.example/" + key + "?signature=test");
}

/// <summary>Keeps every email "sent"; can be told to fail the next sends.</summary>
public sealed class RecordingConfirmationSender : IOrderConfirmationSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    public int FailuresToInject { get; set; }

    /// <summary>Lets a test hold a send in flight (to race a second delivery against it).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task;
        }
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new IOException("SES is unavailable.");
        }
        Sent.Enqueue(message);
        return "message-" + Sent.Count;
    }
}
