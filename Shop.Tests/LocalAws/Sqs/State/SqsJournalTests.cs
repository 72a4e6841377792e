using Microsoft.Extensions.Logging.Abstractions;
using Shop.LocalAws;
using Shop.LocalAws.Sqs.State;

namespace Shop.Tests.LocalAws.Sqs.State;

/// <summary>The SQS journal in a data directory: what a restart restores after concurrent traffic and compaction.</summary>
public sealed class SqsJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localaws-sqs-journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SqsState Open(long compactionBytes = LocalAwsOptions.DefaultJournalCompactionBytes) =>
        new(new LocalAwsOptions { DataDirectory = _directory, JournalCompactionBytes = compactionBytes }, TimeProvider.System, NullLogger<SqsState>.Instance);

    private static SqsMessage NewMessage(SqsQueue queue, string body) => new()
    {
        Sequence = queue.NextSequence(),
        MessageId = Guid.NewGuid().ToString(),
        Body = body,
        BodyMd5 = "",
        Attributes = [],
        SystemAttributes = [],
        SentTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        SenderId = "AKID",
        VisibleAt = 0,
    };

    private long JournalBytes => new FileInfo(Path.Combine(_directory, "sqs.journal")).Length;

    [Fact]
    public async Task Messages_deleted_while_others_are_sent_stay_deleted_after_a_restart()
    {
        // Receivers delete messages as fast as senders add them. A message must never be journaled as sent after its
        // delete was journaled, or a restart would bring back a message that was already processed.
        const int count = 6_000;
        var deleted = 0;
        using (var state = Open(compactionBytes: 64 * 1024))
        {
            var queue = state.CreateQueue("orders", "us-east-1", new Dictionary<string, string>(), new Dictionary<string, string>());
            var senders = Enumerable.Range(0, 3).Select(s => Task.Run(() =>
            {
                for (var i = 0; i < count / 3; i++)
                {
                    state.Send(queue, NewMessage(queue, $"{s}-{i}"));
                }
            })).ToArray();
            var receivers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                while (Volatile.Read(ref deleted) < count)
                {
                    foreach (var received in state.Receive(queue, 10, 30))
                    {
                        Assert.True(state.Delete(queue, received.Message.Sequence, received.ReceiveCount));
                        Interlocked.Increment(ref deleted);
                    }
                }
            })).ToArray();
            await Task.WhenAll(senders.Concat(receivers)).WaitAsync(TimeSpan.FromMinutes(2));
        }

        using var restarted = Open();
        var restored = restarted.Find("us-east-1", "orders")!;
        Assert.Empty(restarted.Messages(restored));
    }

    [Fact]
    public void A_journal_that_outgrows_its_live_state_is_compacted_while_running_and_loses_nothing()
    {
        string keptBody;
        using (var state = Open(compactionBytes: 32 * 1024))
        {
            var queue = state.CreateQueue("orders", "us-east-1", new Dictionary<string, string> { ["VisibilityTimeout"] = "45" }, new Dictionary<string, string> { ["app"] = "shop" });
            var kept = NewMessage(queue, "kept");
            state.Send(queue, kept);
            keptBody = kept.Body;
            for (var i = 0; i < 2_000; i++)
            {
                state.Send(queue, NewMessage(queue, "churn " + new string('x', 100)));
                var received = state.Receive(queue, 10, 30).Where(r => r.Message.Body != "kept").ToList();
                foreach (var churn in received)
                {
                    state.Delete(queue, churn.Message.Sequence, churn.ReceiveCount);
                }
            }
            // 2,000 sends and deletes of 100-byte bodies are far more than 32 KB, but the live state is one message.
            Assert.InRange(JournalBytes, 1, 3 * 32 * 1024);
        }

        using var restarted = Open();
        var restored = restarted.Find("us-east-1", "orders")!;
        Assert.Equal("45", restored.Settings.Values["VisibilityTimeout"]);
        Assert.Equal("shop", restored.TagsSnapshot()["app"]);
        var message = Assert.Single(restarted.Messages(restored));
        Assert.Equal(keptBody, message.Body);
    }
}
