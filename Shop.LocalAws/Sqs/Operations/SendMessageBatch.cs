using System.Text;
using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html</summary>
public sealed class SendMessageBatch : SqsOperation
{
    private const int MaxBatchBytes = 1_048_576;

    public override string Name => "SendMessageBatch";

    public override ValueTask ExecuteAsync(SqsCall call)
    {
        var queue = call.ResolveQueue();
        var entries = call.Input.StructureList("Entries");
        SqsValidation.BatchEntries(entries, "SendMessageBatchRequestEntry");
        long total = 0;
        for (var i = 0; i < entries!.Count; i++)
        {
            var body = entries[i].String("MessageBody");
            if (body is null)
            {
                throw SqsException.MissingParameter($"The request must contain the parameter SendMessageBatchRequestEntry.{i + 1}.MessageBody.");
            }
            total += Encoding.UTF8.GetByteCount(body);
            foreach (var attribute in SqsValidation.MessageAttributes(entries[i], system: false))
            {
                total += attribute.Size;
            }
        }
        if (total > MaxBatchBytes)
        {
            throw SqsException.BatchRequestTooLong(total);
        }

        var successful = new List<(string Id, SqsMessage Message)>(entries.Count);
        var failed = new List<(string Id, SqsException Error)>();
        foreach (var entry in entries)
        {
            var id = entry.String("Id")!;
            try
            {
                var body = entry.String("MessageBody")!;
                if (body.Length == 0)
                {
                    throw SqsException.MissingParameter($"The request must contain the parameter MessageBody.");
                }
                successful.Add((id, SendMessage.Send(call, queue, entry, body)));
            }
            catch (SqsException error)
            {
                failed.Add((id, error));
            }
        }

        call.Output.WriteStartArray("Successful");
        foreach (var (id, message) in successful)
        {
            call.Output.WriteStartObject();
            call.Output.WriteString("Id", id);
            SendMessage.WriteResult(call.Output, message);
            call.Output.WriteEndObject();
        }
        call.Output.WriteEndArray();
        BatchResults.WriteFailed(call.Output, failed);
        return ValueTask.CompletedTask;
    }
}
