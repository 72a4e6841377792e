using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;

namespace Shop.LocalAws.Sqs.Operations;

/// <summary>The receipt-handle checks DeleteMessage and ChangeMessageVisibility (single and batch) share.</summary>
internal static class Receipts
{
    public static (long Sequence, int ReceiveCount) Parse(SqsQueue queue, string? handle, string member = "ReceiptHandle")
    {
        if (string.IsNullOrEmpty(handle))
        {
            throw SqsException.MissingParameter($"The request must contain the parameter {member}.");
        }
        if (!ReceiptHandle.TryParse(handle, out var queueId, out var sequence, out var receiveCount) || queueId != queue.Id)
        {
            throw SqsException.ReceiptHandleIsInvalid(handle);
        }
        return (sequence, receiveCount);
    }

    public static void Delete(SqsCall call, SqsQueue queue, string? handle)
    {
        var (sequence, receiveCount) = Parse(queue, handle);
        // Deleting a message that is already gone succeeds, as on AWS.
        call.State.Delete(queue, sequence, receiveCount);
    }

    public static void ChangeVisibility(SqsCall call, SqsQueue queue, string? handle, int? timeout)
    {
        var (sequence, receiveCount) = Parse(queue, handle);
        if (timeout is null)
        {
            throw SqsException.MissingParameter("The request must contain the parameter VisibilityTimeout.");
        }
        if (timeout is < 0 or > 43_200)
        {
            throw SqsException.InvalidParameterValue($"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        }
        switch (call.State.ChangeVisibility(queue, sequence, receiveCount, timeout.Value))
        {
            case ReceiptLookup.Gone:
                throw SqsException.InvalidParameterValue($"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.");
            case ReceiptLookup.Expired:
                throw SqsException.InvalidParameterValue($"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.");
        }
    }
}
