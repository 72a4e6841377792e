using Shop.LocalAws.Sqs.State;

namespace Shop.Tests.LocalAws.Sqs.State;

/// <summary>The queue's delivery bookkeeping as a plain class, with the clock in the test's hands.</summary>
public class SqsQueueTests
{
    private static SqsQueue NewQueue() => new(1, "us-east-1", "orders", "arn:aws:sqs:us-east-1:000000000000:orders", QueueSettings.Defaults(fifo: false), createdTimestamp: 0);

    private static SqsMessage NewMessage(SqsQueue queue, long sentAt) => new()
    {
        Sequence = queue.NextSequence(),
        MessageId = Guid.NewGuid().ToString(),
        Body = "order",
        BodyMd5 = "",
        Attributes = [],
        SystemAttributes = [],
        SentTimestamp = sentAt,
        SenderId = "AKID",
        VisibleAt = sentAt,
    };

    private static List<ReceivedMessage> Receive(SqsQueue queue, long now) => queue.Receive(10, 30, now, [], []);

    [Fact]
    public void A_message_sent_after_a_receive_read_the_clock_is_delivered_and_not_stranded()
    {
        // The race seen under load: the receive reads the time (999), a send at 1000 takes the lock first.
        var queue = NewQueue();
        queue.Add(NewMessage(queue, sentAt: 1000), now: 1000);

        var received = Assert.Single(Receive(queue, now: 999));

        Assert.Equal(1000, received.FirstReceiveTimestamp);
        Assert.Equal(1000 + 30_000, received.Message.VisibleAt);
    }

    [Fact]
    public void A_message_in_flight_is_not_delivered_again_until_its_visibility_timeout_ends()
    {
        var queue = NewQueue();
        queue.Add(NewMessage(queue, sentAt: 1000), now: 1000);
        Assert.Single(Receive(queue, now: 1000));

        Assert.Empty(Receive(queue, now: 30_999));
        var again = Assert.Single(Receive(queue, now: 31_000));
        Assert.Equal(2, again.ReceiveCount);
    }

    [Fact]
    public async Task Concurrent_sends_and_receives_deliver_every_message_exactly_once()
    {
        var queue = NewQueue();
        var clock = 0L;
        const int count = 20_000;
        var received = new System.Collections.Concurrent.ConcurrentBag<long>();
        var senders = Task.Run(() => Parallel.For(0, count, _ =>
        {
            var now = Interlocked.Increment(ref clock);
            queue.Add(NewMessage(queue, now), now);
        }));
        var receivers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (received.Count < count && !senders.IsFaulted)
            {
                // Each receive reads the clock before it takes the queue's lock, as SqsState does.
                foreach (var message in Receive(queue, Interlocked.Read(ref clock)))
                {
                    received.Add(message.Message.Sequence);
                }
            }
        })).ToArray();

        var all = Task.WhenAll([senders, .. receivers]);
        Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(2))) == all, "receivers stalled: messages were stranded");
        Assert.Equal(count, received.Distinct().Count());
        Assert.Equal(count, received.Count);
    }
}
