using System.Text.Json;
using Shop.LocalAws.Sqs.Protocol;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>The <c>Failed</c> list of the batch actions: one BatchResultErrorEntry per entry that failed.</summary>
/// <remarks>See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_BatchResultErrorEntry.html</remarks>
internal static class BatchResults
{
    public static void WriteSuccessfulIds(Utf8JsonWriter output, List<string> ids)
    {
        output.WriteStartArray("Successful");
        foreach (var id in ids)
        {
            output.WriteStartObject();
            output.WriteString("Id", id);
            output.WriteEndObject();
        }
        output.WriteEndArray();
    }

    public static void WriteFailed(Utf8JsonWriter output, List<(string Id, SqsException Error)> failed)
    {
        output.WriteStartArray("Failed");
        foreach (var (id, error) in failed)
        {
            output.WriteStartObject();
            output.WriteString("Id", id);
            output.WriteBoolean("SenderFault", !error.IsServerFault);
            output.WriteString("Code", error.Code);
            output.WriteString("Message", error.Message);
            output.WriteEndObject();
        }
        output.WriteEndArray();
    }
}
