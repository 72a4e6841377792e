using System.Text;
using Shop.LocalAws.Ses;

namespace Shop.Tests.LocalAws.Ses;

public class MimeMessageReaderTests
{
    [Fact]
    public void A_plain_message_with_lf_line_ends_and_a_folded_subject_is_read()
    {
        var mime = "From: a@example.com\nTo: b@example.com,\n c@example.com\nSubject: A long\n\tsubject\n\nLine 1\nLine 2\n";

        var summary = MimeMessageReader.Read(Encoding.ASCII.GetBytes(mime));

        Assert.Equal("a@example.com", summary.From);
        Assert.Equal(["b@example.com", "c@example.com"], summary.To);
        Assert.Equal("A long subject", summary.Subject);
        Assert.Equal("Line 1\nLine 2", summary.Text);
        Assert.Null(summary.Html);
        Assert.Empty(summary.Attachments);
    }

    [Fact]
    public void A_latin1_quoted_printable_body_and_encoded_words_are_decoded()
    {
        var mime = "From: =?ISO-8859-1?Q?J=F8rn?= <j@example.com>\r\nTo: x@example.com\r\nSubject: =?UTF-8?B?w6Z0?= =?UTF-8?B?w7hy?=\r\n"
            + "Content-Type: text/plain; charset=\"ISO-8859-1\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBl=E5b=E6r=\r\n!\r\n";

        var summary = MimeMessageReader.Read(Encoding.Latin1.GetBytes(mime));

        Assert.Equal("Jørn <j@example.com>", summary.From);
        Assert.Equal("ætør", summary.Subject);
        Assert.Equal("Blåbær!", summary.Text);
    }

    [Fact]
    public void A_message_without_headers_or_body_does_not_fail()
    {
        var summary = MimeMessageReader.Read(Encoding.ASCII.GetBytes("\r\n"));
        Assert.Null(summary.From);
        Assert.Empty(summary.To);
    }

    [Fact]
    public void Address_lists_split_only_at_commas_outside_quotes_and_brackets()
    {
        Assert.Equal(["\"Lee, Bob\" <bob@example.com>", "ann@example.com", "<c@example.com>"],
            MimeMessageReader.SplitAddressList("\"Lee, Bob\" <bob@example.com>, ann@example.com ,<c@example.com>,"));
    }
}
