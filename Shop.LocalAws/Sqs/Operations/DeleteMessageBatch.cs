using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html</summary>
public sealed class DeleteMessageBatch : SqsOperation
{
    public override string Name => "DeleteMessageBatch";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var entries = call.Input.StructureList("Entries");
        SqsValidation.BatchEntries(entries, "DeleteMessageBatchRequestEntry");
        var successful = new List<string>(entries!.Count);
        var failed = new List<(string, SqsException)>();
        foreach (var entry in entries)
        {
            var id = entry.String("Id")!;
            try
            {
                Receipts.Delete(call, queue, entry.String("ReceiptHandle"));
                successful.Add(id);
            }
            catch (SqsException error)
            {
                failed.Add((id, error));
            }
        }
        BatchResults.WriteSuccessfulIds(call.Output, successful);
        BatchResults.WriteFailed(call.Output, failed);
        return ValueTask.CompletedTask;
    }
}
