using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Shop.LocalAws.S3.State;

namespace Shop.LocalAws.S3.Protocol;

/// <summary>What arrived in a PutObject or UploadPart body, after decoding and verification.</summary>
public sealed record S3ReceivedBody(S3Blob Blob, byte[] Md5, S3StoredChecksum Checksum, bool ChecksumSentByClient);

/// <summary>
/// Reads an upload body into a blob while computing its MD5 (the ETag) and its flexible checksum, and verifies what
/// the client declared: Content-MD5, <c>x-amz-checksum-*</c> headers, <c>x-amz-content-sha256</c>, and the trailing
/// checksum of an <c>aws-chunked</c> body. Current SDKs send every PutObject as aws-chunked (signed or unsigned
/// chunks, checksum in a trailer); only the decoded payload is stored.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
/// </summary>
public static class S3BodyReceiver
{
    private const int MaxChunkHeaderLength = 4096;

    /// <summary>True when the body is aws-chunked (by its payload hash or its Content-Encoding).</summary>
    public static bool IsAwsChunked(HttpRequest request) =>
        request.Headers["x-amz-content-sha256"].ToString().StartsWith("STREAMING-", StringComparison.Ordinal)
        || request.Headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.OrdinalIgnoreCase);

    public static async Task<S3ReceivedBody> ReceiveAsync(HttpRequest request, S3Store store, CancellationToken cancellationToken)
    {
        var chunked = IsAwsChunked(request);
        long? expectedLength;
        if (chunked)
        {
            var decoded = request.Headers["x-amz-decoded-content-length"].ToString();
            if (decoded.Length == 0)
            {
                throw S3Errors.MissingContentLength();
            }
            expectedLength = long.TryParse(decoded, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                ? parsed
                : throw S3Errors.InvalidArgument("x-amz-decoded-content-length is not valid.", "x-amz-decoded-content-length", decoded);
        }
        else
        {
            if (request.Headers.TransferEncoding.Count > 0)
            {
                throw S3Errors.NotImplemented("Transfer-Encoding");
            }
            expectedLength = request.ContentLength ?? throw S3Errors.MissingContentLength();
        }

        var expectation = ReadExpectation(request, chunked);
        await using var writer = store.CreateBlobWriter(expectedLength);
        using var sink = new HashingSink(writer, expectation.Algorithm, expectation.PayloadSha256 is not null);
        string? trailerValue = null;
        try
        {
            if (chunked)
            {
                trailerValue = await DecodeAwsChunkedAsync(request.BodyReader, sink, expectation.TrailerHeader, cancellationToken);
            }
            else
            {
                await CopyToEndAsync(request.BodyReader, sink, cancellationToken);
            }
        }
        catch (BadHttpRequestException)
        {
            // Kestrel noticed the body ended before Content-Length.
            throw S3Errors.IncompleteBody();
        }
        if (sink.Length != expectedLength)
        {
            throw S3Errors.IncompleteBody();
        }

        var md5 = sink.GetMd5();
        if (expectation.ContentMd5 is { } contentMd5 && !md5.AsSpan().SequenceEqual(contentMd5))
        {
            throw S3Errors.BadDigestMd5(request.Headers.ContentMD5.ToString(), Convert.ToBase64String(md5));
        }
        if (expectation.PayloadSha256 is { } payloadSha256 && !string.Equals(sink.GetSha256Hex(), payloadSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.",
                ("ClientComputedContentSHA256", payloadSha256), ("S3ComputedContentSHA256", sink.GetSha256Hex()));
        }
        var checksum = sink.GetChecksum();
        var declared = expectation.HeaderValue ?? trailerValue;
        if (expectation.TrailerHeader is not null && trailerValue is null)
        {
            throw new S3Exception(400, "MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
        }
        if (declared is not null && !string.Equals(declared, checksum, StringComparison.Ordinal))
        {
            throw S3Errors.BadDigestChecksum(expectation.Algorithm);
        }
        var blob = await writer.CompleteAsync(cancellationToken);
        return new S3ReceivedBody(blob, md5, new S3StoredChecksum(expectation.Algorithm, checksum, "FULL_OBJECT"), declared is not null);
    }

    /// <summary>The Content-Encoding to store: what the client declared, without the transport's aws-chunked.</summary>
    public static string? StoredContentEncoding(HttpRequest request)
    {
        var tokens = request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(t => !t.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return tokens.Length == 0 ? null : string.Join(',', tokens);
    }

    private sealed record Expectation(S3ChecksumAlgorithm Algorithm, string? HeaderValue, string? TrailerHeader, byte[]? ContentMd5, string? PayloadSha256);

    private static Expectation ReadExpectation(HttpRequest request, bool chunked)
    {
        byte[]? contentMd5 = null;
        var md5Header = request.Headers.ContentMD5.ToString();
        if (md5Header.Length > 0)
        {
            contentMd5 = new byte[16];
            if (!Convert.TryFromBase64String(md5Header, contentMd5, out var written) || written != 16)
            {
                throw S3Errors.InvalidDigest(md5Header);
            }
        }

        S3ChecksumAlgorithm? algorithm = null;
        string? headerValue = null;
        foreach (var header in request.Headers)
        {
            if (S3Checksums.TryParseHeaderName(header.Key, out var fromHeader))
            {
                if (algorithm is not null)
                {
                    throw S3Errors.InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }
                algorithm = fromHeader;
                headerValue = header.Value.ToString();
                if (!IsWellFormed(fromHeader, headerValue))
                {
                    throw S3Errors.InvalidRequest($"Value for {fromHeader.HeaderName()} header is invalid.");
                }
            }
        }

        string? trailerHeader = null;
        var trailer = request.Headers["x-amz-trailer"].ToString().Trim();
        if (trailer.Length > 0)
        {
            if (!chunked || !S3Checksums.TryParseHeaderName(trailer, out var fromTrailer) || algorithm is not null)
            {
                throw S3Errors.InvalidRequest("The value specified in the x-amz-trailer header is not supported");
            }
            algorithm = fromTrailer;
            trailerHeader = trailer.ToLowerInvariant();
        }

        var sdkAlgorithm = request.Headers["x-amz-sdk-checksum-algorithm"].ToString();
        if (sdkAlgorithm.Length > 0)
        {
            if (!S3Checksums.TryParse(sdkAlgorithm, out var named))
            {
                throw S3Errors.InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
            }
            if (algorithm is null)
            {
                throw S3Errors.InvalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.");
            }
            if (algorithm != named)
            {
                throw S3Errors.InvalidRequest($"Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }
        }

        var contentSha256 = request.Headers["x-amz-content-sha256"].ToString();
        var payloadSha256 = !chunked && contentSha256.Length == 64 && contentSha256.All(char.IsAsciiHexDigit) ? contentSha256 : null;

        // Since 2025 S3 gives every new object a CRC64NVME checksum when the uploader sends none.
        return new Expectation(algorithm ?? S3ChecksumAlgorithm.Crc64Nvme, headerValue, trailerHeader, contentMd5, payloadSha256);
    }

    private static bool IsWellFormed(S3ChecksumAlgorithm algorithm, string value)
    {
        var expectedBytes = algorithm switch
        {
            S3ChecksumAlgorithm.Crc32 or S3ChecksumAlgorithm.Crc32C => 4,
            S3ChecksumAlgorithm.Crc64Nvme => 8,
            S3ChecksumAlgorithm.Sha1 => 20,
            _ => 32,
        };
        Span<byte> buffer = stackalloc byte[40];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == expectedBytes;
    }

    private static async Task CopyToEndAsync(PipeReader reader, HashingSink sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                await sink.WriteAsync(segment, cancellationToken);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Decodes <c>hex-size[;chunk-signature=…]\r\n data \r\n</c> chunks up to the zero-size one, then the trailer lines.
    /// Chunk signatures are not verified (LocalAws verifies no signature). Returns the trailing checksum, if any.
    /// </summary>
    private static async Task<string?> DecodeAwsChunkedAsync(PipeReader reader, HashingSink sink, string? trailerHeader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = await ReadLineAsync(reader, cancellationToken) ?? throw S3Errors.IncompleteBody();
            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var sizeText = (semicolon < 0 ? header : header[..semicolon]).Trim();
            if (!long.TryParse(sizeText, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw S3Errors.IncompleteBody();
            }
            if (size == 0)
            {
                break;
            }
            await CopyExactlyAsync(reader, sink, size, cancellationToken);
            var end = await ReadLineAsync(reader, cancellationToken);
            if (end is not { Length: 0 })
            {
                throw S3Errors.IncompleteBody();
            }
        }

        string? trailerValue = null;
        while (await ReadLineAsync(reader, cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new S3Exception(400, "MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
            }
            var name = line[..colon].Trim();
            if (trailerHeader is not null && name.Equals(trailerHeader, StringComparison.OrdinalIgnoreCase))
            {
                trailerValue = line[(colon + 1)..].Trim();
            }
        }
        return trailerValue;
    }

    private static async ValueTask<string?> ReadLineAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } at)
            {
                var line = Encoding.ASCII.GetString(buffer.Slice(0, at)).TrimEnd('\r');
                reader.AdvanceTo(buffer.GetPosition(1, at));
                return line;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (buffer.Length > MaxChunkHeaderLength)
            {
                throw S3Errors.IncompleteBody();
            }
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw S3Errors.IncompleteBody();
            }
        }
    }

    private static async ValueTask CopyExactlyAsync(PipeReader reader, HashingSink sink, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                throw S3Errors.IncompleteBody();
            }
            var take = buffer.Slice(0, Math.Min(count, buffer.Length));
            foreach (var segment in take)
            {
                await sink.WriteAsync(segment, cancellationToken);
            }
            count -= take.Length;
            reader.AdvanceTo(take.End);
        }
    }

    /// <summary>Writes to the blob while hashing: MD5 for the ETag, the flexible checksum, and SHA-256 when the client declared one.</summary>
    private sealed class HashingSink(S3BlobWriter writer, S3ChecksumAlgorithm algorithm, bool computeSha256) : IDisposable
    {
        private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private readonly S3ChecksumCalculator _checksum = S3Checksums.CreateCalculator(algorithm);
        private readonly IncrementalHash? _sha256 = computeSha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        private string? _sha256Hex;

        public long Length { get; private set; }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _md5.AppendData(data.Span);
            _checksum.Append(data.Span);
            _sha256?.AppendData(data.Span);
            Length += data.Length;
            return writer.WriteAsync(data, cancellationToken);
        }

        public byte[] GetMd5() => _md5.GetHashAndReset();

        public string GetChecksum() => _checksum.GetBase64();

        public string GetSha256Hex() => _sha256Hex ??= Convert.ToHexStringLower(_sha256!.GetHashAndReset());

        public void Dispose()
        {
            _md5.Dispose();
            _checksum.Dispose();
            _sha256?.Dispose();
        }
    }
}
