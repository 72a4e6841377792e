using Shop.LocalAws.Sqs.State;

namespace Shop.Tests.LocalAws.Sqs.State;

public class ReceiptHandleTests
{
    [Fact]
    public void A_handle_names_its_delivery_and_is_never_issued_twice()
    {
        // More handles than one buffer of random bytes holds, for the same delivery: each must still differ.
        var handles = Enumerable.Range(0, 1000).Select(_ => ReceiptHandle.Create(7, 42, 3)).ToList();

        Assert.Equal(handles.Count, handles.Distinct(StringComparer.Ordinal).Count());
        Assert.All(handles, handle =>
        {
            Assert.True(ReceiptHandle.TryParse(handle, out var queueId, out var sequence, out var receiveCount));
            Assert.Equal((7, 42L, 3), (queueId, sequence, receiveCount));
        });
    }

    [Fact]
    public void Handles_made_on_different_threads_differ()
    {
        var handles = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                handles.Add(ReceiptHandle.Create(1, 1, 1));
            }
        });
        Assert.Equal(4000, handles.Distinct(StringComparer.Ordinal).Count());
    }
}
