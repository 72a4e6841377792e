using Shop.LocalAws.Protocol;

namespace Shop.Tests.LocalAws;

public class AwsCallLogTests
{
    private static readonly AwsCall PutOrder = new("AKIDCREATEORDER", "dynamodb", "PutItem", "Orders", 200);

    [Fact]
    public void A_call_made_many_times_is_kept_once_with_its_count()
    {
        var log = new AwsCallLog();
        for (var i = 0; i < 1000; i++)
        {
            log.Record(PutOrder);
        }
        log.Record(PutOrder with { StatusCode = 400 });

        Assert.Equal([PutOrder, PutOrder with { StatusCode = 400 }], log.Snapshot().OrderBy(c => c.StatusCode));
        Assert.Equal(1000, log.TimesMade(PutOrder));
        Assert.Equal(1, log.TimesMade(PutOrder with { StatusCode = 400 }));
        Assert.Equal(0, log.TimesMade(PutOrder with { AccessKeyId = "AKIDOTHER" }));
    }

    [Fact]
    public void Calls_from_many_threads_are_all_counted()
    {
        var log = new AwsCallLog();
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                log.Record(PutOrder with { Resource = "Table" + (i % 4) });
            }
        });

        Assert.Equal(4, log.Snapshot().Count);
        Assert.All(log.Snapshot(), call => Assert.Equal(20_000, log.TimesMade(call)));
    }

    [Fact]
    public void Past_its_capacity_it_keeps_counting_known_calls_and_counts_the_new_ones_it_drops()
    {
        var log = new AwsCallLog(capacity: 2);
        log.Record(PutOrder with { Resource = "A" });
        log.Record(PutOrder with { Resource = "B" });
        log.Record(PutOrder with { Resource = "C" });
        log.Record(PutOrder with { Resource = "A" });

        Assert.Equal(["A", "B"], log.Snapshot().Select(c => c.Resource).Order());
        Assert.Equal(2, log.TimesMade(PutOrder with { Resource = "A" }));
        Assert.Equal(1, log.Overflowed);
    }
}
