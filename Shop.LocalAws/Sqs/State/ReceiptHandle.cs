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
        SecretBytes.Fill(bytes[16..]);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>
    /// Bytes from the cryptographic generator, drawn a kilobyte at a time per thread: the handle stays unguessable,
    /// and a receive no longer pays OpenSSL's cost per call (most of a call for 8 bytes).
    /// </summary>
    private static class SecretBytes
    {
        private const int BufferBytes = 1024;

        [ThreadStatic]
        private static byte[]? _buffer;

        [ThreadStatic]
        private static int _used;

        public static void Fill(Span<byte> destination)
        {
            if (_buffer is null || _used + destination.Length > BufferBytes)
            {
                _buffer ??= new byte[BufferBytes];
                RandomNumberGenerator.Fill(_buffer);
                _used = 0;
            }
            // Each byte is handed out once: the next caller starts after it.
            _buffer.AsSpan(_used, destination.Length).CopyTo(destination);
            _used += destination.Length;
        }
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
