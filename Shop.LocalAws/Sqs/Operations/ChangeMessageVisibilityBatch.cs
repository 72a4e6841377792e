using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html</summary>
public sealed class ChangeMessageVisibilityBatch : SqsOperation
{
    public override string Name => "ChangeMessageVisibilityBatch";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var entries = call.Input.StructureList("Entries");
        SqsValidation.BatchEntries(entries, "ChangeMessageVisibilityBatchRequestEntry");
        var successful = new List<string>(entries!.Count);
        var failed = new List<(string, SqsException)>();
        foreach (var entry in entries)
        {
            var id = entry.String("Id")!;
            try
            {
                Receipts.ChangeVisibility(call, queue, entry.String("ReceiptHandle"), entry.Int("VisibilityTimeout"));
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
