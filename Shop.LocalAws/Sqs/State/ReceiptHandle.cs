using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Shop.LocalAws.Sqs.State;

/// <summary>
/// Receipt handles: opaque to callers, unique per receive. They carry the queue's incarnation, the message's
/// queue-local sequence and which receive issued them, so a handle names one delivery of one message.
/// </summary>
public static class ReceiptHandle
{
    private const int Length = 24;

    public static string Create(int queueId, long sequence, int receiveCount)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, queueId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[4..], sequence);
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], receiveCount);
        RandomNumberGenerator.Fill(bytes[16..]);
        return Convert.ToBase64String(bytes);
    }

    public static bool TryParse(string handle, out int queueId, out long sequence, out int receiveCount)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (handle.Length == 32 && Convert.TryFromBase64String(handle, bytes, out var written) && written == Length)
        {
            queueId = BinaryPrimitives.ReadInt32BigEndian(bytes);
            sequence = BinaryPrimitives.ReadInt64BigEndian(bytes[4..]);
            receiveCount = BinaryPrimitives.ReadInt32BigEndian(bytes[12..]);
            return receiveCount > 0;
        }
        queueId = 0;
        sequence = 0;
        receiveCount = 0;
        return false;
    }
}
