using System.Text;
using CsCheck;
using Shop.LocalAws.Protocol;

namespace Shop.Tests.LocalAws;

public class Md5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void The_test_suite_of_RFC_1321_gives_its_digests(string input, string digest)
    {
        Span<byte> hash = stackalloc byte[Md5.DigestBytes];
        Md5.HashData(Encoding.ASCII.GetBytes(input), hash);
        Assert.Equal(digest, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void Any_input_appended_in_any_pieces_has_the_platforms_MD5_digest()
    {
        // Lengths around the block (64) and padding (56) boundaries matter most; pieces test the buffering.
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[1, 70].Array[0, 8]).Sample((data, pieces) =>
        {
            var md5 = Md5.Create();
            var rest = data.AsSpan();
            foreach (var piece in pieces)
            {
                var take = Math.Min(piece, rest.Length);
                md5.Append(rest[..take]);
                rest = rest[take..];
            }
            md5.Append(rest);
            var digest = new byte[Md5.DigestBytes];
            md5.Finish(digest);
            Assert.Equal(System.Security.Cryptography.MD5.HashData(data), digest);
        }, iter: 20_000);
    }
}
