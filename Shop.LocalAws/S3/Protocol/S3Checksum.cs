using System.Security.Cryptography;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>
/// The flexible checksum algorithms S3 accepts (<c>x-amz-checksum-*</c> headers and aws-chunked trailers).
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
/// </summary>
public enum S3ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}

/// <summary>Names and incremental calculators for <see cref="S3ChecksumAlgorithm"/>.</summary>
public static class S3Checksums
{
    public static readonly S3ChecksumAlgorithm[] All = Enum.GetValues<S3ChecksumAlgorithm>();

    /// <summary>The name as S3 spells it in <c>x-amz-sdk-checksum-algorithm</c> and listings: CRC32, CRC32C, CRC64NVME, SHA1, SHA256.</summary>
    public static string Name(this S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.Crc32 => "CRC32",
        S3ChecksumAlgorithm.Crc32C => "CRC32C",
        S3ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        S3ChecksumAlgorithm.Sha1 => "SHA1",
        _ => "SHA256",
    };

    /// <summary>The response and request header carrying the checksum, e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public static string HeaderName(this S3ChecksumAlgorithm algorithm) => "x-amz-checksum-" + algorithm.Name().ToLowerInvariant();

    public static bool TryParse(string? name, out S3ChecksumAlgorithm algorithm)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }
        algorithm = default;
        return false;
    }

    /// <summary>Parses a header name such as <c>x-amz-checksum-crc32c</c>.</summary>
    public static bool TryParseHeaderName(string? header, out S3ChecksumAlgorithm algorithm)
    {
        const string Prefix = "x-amz-checksum-";
        algorithm = default;
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && TryParse(header[Prefix.Length..], out algorithm);
    }

    public static S3ChecksumCalculator CreateCalculator(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.Crc32 => new CrcCalculator(algorithm, Crc32Table, 4),
        S3ChecksumAlgorithm.Crc32C => new CrcCalculator(algorithm, Crc32CTable, 4),
        S3ChecksumAlgorithm.Crc64Nvme => new CrcCalculator(algorithm, Crc64NvmeTable, 8),
        S3ChecksumAlgorithm.Sha1 => new HashCalculator(algorithm, HashAlgorithmName.SHA1),
        _ => new HashCalculator(algorithm, HashAlgorithmName.SHA256),
    };

    /// <summary>The checksum of a whole buffer, base64 as S3 writes it.</summary>
    public static string Compute(S3ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var calculator = CreateCalculator(algorithm);
        calculator.Append(data);
        return calculator.GetBase64();
    }

    // Reflected polynomials: CRC-32 (ISO-HDLC), CRC-32C (Castagnoli), CRC-64/NVME. Slicing-by-8 tables keep a 4 KB body cheap.
    private static readonly ulong[][] Crc32Table = BuildTables(0xEDB88320UL);
    private static readonly ulong[][] Crc32CTable = BuildTables(0x82F63B78UL);
    private static readonly ulong[][] Crc64NvmeTable = BuildTables(0x9A6C9329AC4BC9B5UL);

    private static ulong[][] BuildTables(ulong polynomial)
    {
        var tables = new ulong[8][];
        tables[0] = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }
            tables[0][i] = crc;
        }
        for (var t = 1; t < 8; t++)
        {
            tables[t] = new ulong[256];
            for (var i = 0; i < 256; i++)
            {
                var previous = tables[t - 1][i];
                tables[t][i] = (previous >> 8) ^ tables[0][previous & 0xFF];
            }
        }
        return tables;
    }

    private sealed class CrcCalculator(S3ChecksumAlgorithm algorithm, ulong[][] tables, int width) : S3ChecksumCalculator(algorithm)
    {
        private readonly ulong _mask = width == 8 ? ulong.MaxValue : uint.MaxValue;
        private ulong _crc = width == 8 ? ulong.MaxValue : uint.MaxValue;

        public override void Append(ReadOnlySpan<byte> data)
        {
            var crc = _crc;
            var t = tables;
            while (data.Length >= 8)
            {
                crc ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data);
                crc = t[7][crc & 0xFF] ^ t[6][(crc >> 8) & 0xFF] ^ t[5][(crc >> 16) & 0xFF] ^ t[4][(crc >> 24) & 0xFF]
                    ^ t[3][(crc >> 32) & 0xFF] ^ t[2][(crc >> 40) & 0xFF] ^ t[1][(crc >> 48) & 0xFF] ^ t[0][crc >> 56];
                data = data[8..];
            }
            foreach (var b in data)
            {
                crc = (crc >> 8) ^ t[0][(crc ^ b) & 0xFF];
            }
            _crc = crc & _mask;
        }

        public override string GetBase64()
        {
            var value = _crc ^ _mask;
            Span<byte> bytes = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
            return Convert.ToBase64String(bytes[(8 - width)..]);
        }
    }

    private sealed class HashCalculator(S3ChecksumAlgorithm algorithm, HashAlgorithmName name) : S3ChecksumCalculator(algorithm)
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(name);

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override string GetBase64() => Convert.ToBase64String(_hash.GetHashAndReset());

        public override void Dispose() => _hash.Dispose();
    }
}

/// <summary>Computes one flexible checksum incrementally, as the body streams in.</summary>
public abstract class S3ChecksumCalculator(S3ChecksumAlgorithm algorithm) : IDisposable
{
    public S3ChecksumAlgorithm Algorithm { get; } = algorithm;

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The checksum as S3 writes it: the big-endian value (CRCs) or digest (SHA), base64.</summary>
    public abstract string GetBase64();

    public virtual void Dispose()
    {
    }
}
