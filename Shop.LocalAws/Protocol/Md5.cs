using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// MD5 (RFC 1321) in managed code, for the short inputs AWS's checksums cover: an SQS message body and its attributes
/// (the digests the SDKs verify), a DynamoDB key's partition hash. The platform's MD5 goes through OpenSSL, whose cost
/// per call is several times the hashing of a few hundred bytes; under SQS load that call was a tenth of LocalAws's
/// CPU per message (bench/README.md). Tests hold it to <see cref="System.Security.Cryptography.MD5"/> bit for bit.
/// MD5 is only ever a checksum here, never a security measure.
/// </summary>
public struct Md5
{
    public const int DigestBytes = 16;
    private const int BlockBytes = 64;

    private uint _a;
    private uint _b;
    private uint _c;
    private uint _d;
    private long _length;
    private Block _pending;
    private int _pendingCount;

    [InlineArray(BlockBytes)]
    private struct Block
    {
        private byte _first;
    }

    /// <summary>A hash of nothing yet.</summary>
    public static Md5 Create() => new() { _a = 0x67452301, _b = 0xefcdab89, _c = 0x98badcfe, _d = 0x10325476 };

    /// <summary>The digest of <paramref name="data"/>, into the first 16 bytes of <paramref name="digest"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        var md5 = Create();
        md5.Append(data);
        md5.Finish(digest);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        if (_pendingCount > 0)
        {
            var take = Math.Min(BlockBytes - _pendingCount, data.Length);
            data[..take].CopyTo(((Span<byte>)_pending)[_pendingCount..]);
            _pendingCount += take;
            data = data[take..];
            if (_pendingCount < BlockBytes)
            {
                return;
            }
            Compress(_pending);
            _pendingCount = 0;
        }
        while (data.Length >= BlockBytes)
        {
            Compress(data[..BlockBytes]);
            data = data[BlockBytes..];
        }
        data.CopyTo(_pending);
        _pendingCount = data.Length;
    }

    /// <summary>Pads the input as RFC 1321 says and writes the digest; the hash is spent afterwards.</summary>
    public void Finish(Span<byte> digest)
    {
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        ((ReadOnlySpan<byte>)_pending)[.._pendingCount].CopyTo(tail);
        tail[_pendingCount] = 0x80;
        // The bit length goes in the last 8 bytes of the block the padding ends; it needs a second block when
        // fewer than 8 bytes are left after the 0x80.
        var length = _pendingCount < BlockBytes - 8 ? BlockBytes : 2 * BlockBytes;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(length - 8)..], (ulong)_length * 8);
        Compress(tail[..BlockBytes]);
        if (length > BlockBytes)
        {
            Compress(tail[BlockBytes..]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(digest, _a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], _b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], _c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], _d);
    }

    private void Compress(ReadOnlySpan<byte> block)
    {
        Span<uint> words = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        }
        uint a = _a, b = _b, c = _c, d = _d;
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int g;
            switch (i >> 4)
            {
                case 0:
                    f = (b & c) | (~b & d);
                    g = i;
                    break;
                case 1:
                    f = (d & b) | (~d & c);
                    g = ((5 * i) + 1) & 15;
                    break;
                case 2:
                    f = b ^ c ^ d;
                    g = ((3 * i) + 5) & 15;
                    break;
                default:
                    f = c ^ (b | ~d);
                    g = (7 * i) & 15;
                    break;
            }
            f += a + Sines[i] + words[g];
            a = d;
            d = c;
            c = b;
            b += BitOperations.RotateLeft(f, Shifts[i]);
        }
        _a += a;
        _b += b;
        _c += c;
        _d += d;
    }

    private static ReadOnlySpan<byte> Shifts =>
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    /// <summary>RFC 1321's table T: the integer part of 2^32 × |sin(i + 1)|.</summary>
    private static ReadOnlySpan<uint> Sines =>
    [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ];
}
