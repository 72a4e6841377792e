using System.Buffers;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// One reusable response body buffer per thread: most responses are small and one is written per request. A buffer
/// that grew past 1 MB is left to the garbage collector rather than kept.
/// </summary>
internal static class ResponseBuffers
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _cached;

    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = _cached ?? new ArrayBufferWriter<byte>(4096);
        _cached = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    public static void Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= 1024 * 1024)
        {
            _cached = buffer;
        }
    }
}
