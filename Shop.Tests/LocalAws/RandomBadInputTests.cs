using System.Net;
using System.Text;
using Shop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Shop.Tests.LocalAws;

/// <summary>
/// Bad input at random for the REST and query protocols (S3, the SQS query protocol, SES v2): valid requests with
/// odd methods, paths, query parameters, headers and bodies. Whatever comes in, the answer is a 2xx, 3xx or 4xx (or
/// S3's 501 for a feature LocalAws lacks), never a failure of ours. These requests found S3 objects that could never be
/// read again and SQS form bodies that gave 500s. LOCALAWS_DIFFERENTIAL_SEED and LOCALAWS_DIFFERENTIAL_CASES explore
/// further.
/// </summary>
public sealed class RandomBadInputTests(LocalAwsFixture localAws, ITestOutputHelper output) : IClassFixture<LocalAwsFixture>
{
    private const string Authorization = "AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20261206/us-east-1/{0}/aws4_request, SignedHeaders=host, Signature=0";

    private static readonly string[] S3Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    private static readonly string[] S3Queries =
    [
        "", "?list-type=2", "?list-type=2&max-keys=-1", "?list-type=2&max-keys=abc", "?list-type=2&continuation-token=%25%25",
        "?delimiter=/&prefix=d", "?uploads", "?uploadId=UPLOAD", "?uploadId=UPLOAD&partNumber=0", "?uploadId=UPLOAD&partNumber=10001",
        "?uploadId=UPLOAD&max-parts=-5", "?delete", "?acl", "?location", "?start-after=%FF", "?response-content-type=%0d%0a",
        "?response-content-disposition=%E2%82%AC", "?X-Amz-Expires=abc", "?versions", "?attributes",
    ];

    private static readonly (string Name, string Value)[] S3Headers =
    [
        ("Range", "bytes=5-2"), ("Range", "bytes=-0"), ("Range", "bytes=abc"), ("Range", "bytes=0-1,3-4"), ("If-None-Match", "*"),
        ("If-Match", "\"x\""), ("If-Modified-Since", "garbage"), ("x-amz-copy-source", "/BUCKET/a.txt"), ("x-amz-copy-source", "%%%"),
        ("x-amz-copy-source", "/no-such-bucket/x"), ("Content-MD5", "bad"), ("x-amz-checksum-crc32", "!!"),
        ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"), ("x-amz-decoded-content-length", "abc"),
        ("x-amz-meta-city", "Zürich"), ("x-amz-meta-word", "=?UTF-8?B?%%?="), ("Content-Disposition", "attachment; filename=\"café.txt\""),
        ("x-amz-storage-class", "ICE"), ("Authorization", "AWS4-HMAC-SHA256 Credential=garbage"), ("Authorization", "AWS AKID:sig"),
    ];

    private static readonly string[] S3Bodies =
    [
        "", "<Delete><Object><Key>a.txt</Key></Object></Delete>", "<Delete>", "0\r\n\r\n",
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>",
        "<CreateBucketConfiguration><LocationConstraint>mars</LocationConstraint></CreateBucketConfiguration>",
        "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n",
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><Delete><Object><Key>&e;</Key></Object></Delete>",
    ];

    private static readonly (string Key, string Value)[] SqsOdd =
    [
        ("MessageBody", "a%00b"), ("MaxNumberOfMessages", "-1"), ("MaxNumberOfMessages", "abc"), ("VisibilityTimeout", "99999999999999"),
        ("QueueUrl", "%00"), ("QueueUrl", "abc"), ("Action", "%00"), ("Attribute.1.Value", "%00"), ("Attribute.1.Name", "Nope"),
        ("MessageAttribute.1.Value.DataType", "Number"), ("MessageAttribute.1.Value.StringValue", "x"), ("NextToken", "%00"),
        ("SendMessageBatchRequestEntry.1.Id", "%00"), ("DelaySeconds", "1.5"), ("AttributeName.1", "%C3%A9"),
    ];

    private static readonly string[] SesBodies =
    [
        """{"FromEmailAddress":"shop@example.com","Destination":{"ToAddresses":["a@b.com"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}}}""",
        """{"FromEmailAddress":"shop@example.com","Destination":{"ToAddresses":["a@b.com\r\nBcc: e@f.com"]},"Content":{"Simple":{"Subject":{"Data":null},"Body":{}}}}""",
        """{"FromEmailAddress":"shop@example.com","Destination":{"ToAddresses":[null]},"Content":{"Raw":{"Data":"not base64"}}}""",
        """{"FromEmailAddress":"shop@example.com","Content":{"Template":{"TemplateName":"none","TemplateData":"{"}}}""",
        """{"FromEmailAddress":"@","Destination":{"ToAddresses":[]},"Content":{}}""", """[]""", """{""", "\"\\ud800\"",
    ];

    [Fact]
    public async Task Random_bad_requests_to_S3_the_SQS_query_protocol_and_SES_are_never_answered_with_a_server_fault()
    {
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8, ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var http = new HttpClient(handler) { BaseAddress = localAws.BaseUrl };
        var bucket = LocalAwsFixture.UniqueName("fuzz");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, "PUT", $"/{bucket}", [], "", "s3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, "PUT", $"/{bucket}/a.txt", [], "hello world", "s3")).StatusCode);
        var upload = await (await SendAsync(http, "POST", $"/{bucket}/mp.bin?uploads", [], "", "s3")).Content.ReadAsStringAsync();
        var uploadId = System.Text.RegularExpressions.Regex.Match(upload, "<UploadId>([^<]+)</UploadId>").Groups[1].Value;
        var queue = LocalAwsFixture.UniqueName("fuzz");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, "POST", "/", [], $"Action=CreateQueue&QueueName={queue}", "sqs", form: true)).StatusCode);
        var queueUrl = Uri.EscapeDataString($"{localAws.BaseUrl.ToString().TrimEnd('/')}/000000000000/{queue}");
        await SendAsync(http, "POST", "/v2/email/identities", [], """{"EmailIdentity":"shop@example.com"}""", "ses");

        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_SEED") ?? "2026", System.Globalization.CultureInfo.InvariantCulture));
        var count = int.Parse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_CASES") ?? "600", System.Globalization.CultureInfo.InvariantCulture);
        var faults = new List<string>();
        string[] keys = [$"/{bucket}", $"/{bucket}/a.txt", $"/{bucket}/mp.bin", $"/{bucket}/%2e%2e%2f%2e%2e%2fetc", $"/{bucket}/dir/b.txt", "/", "/no-such-bucket/x"];
        for (var i = 0; i < count; i++)
        {
            string method, path, body, service;
            List<(string, string)> headers = [];
            var form = false;
            switch (random.Next(3))
            {
                case 0:
                    service = "s3";
                    method = S3Methods[random.Next(S3Methods.Length)];
                    path = (keys[random.Next(keys.Length)] + S3Queries[random.Next(S3Queries.Length)]).Replace("UPLOAD", uploadId, StringComparison.Ordinal);
                    for (var h = random.Next(3); h > 0; h--)
                    {
                        var (name, value) = S3Headers[random.Next(S3Headers.Length)];
                        headers.Add((name, value.Replace("BUCKET", bucket, StringComparison.Ordinal)));
                    }
                    body = S3Bodies[random.Next(S3Bodies.Length)];
                    break;
                case 1:
                    service = "sqs";
                    method = "POST";
                    path = "/";
                    form = true;
                    var fields = new Dictionary<string, string>
                    {
                        ["Action"] = new[] { "SendMessage", "ReceiveMessage", "SendMessageBatch", "SetQueueAttributes", "ListQueues", "DeleteMessage" }[random.Next(6)],
                        ["QueueUrl"] = queueUrl,
                        ["MessageBody"] = "x",
                        ["SendMessageBatchRequestEntry.1.Id"] = "a",
                        ["SendMessageBatchRequestEntry.1.MessageBody"] = "b",
                        ["Attribute.1.Name"] = "VisibilityTimeout",
                        ["Attribute.1.Value"] = "5",
                        ["ReceiptHandle"] = "zz",
                        ["MaxResults"] = "1",
                    };
                    for (var o = random.Next(1, 3); o > 0; o--)
                    {
                        var (key, value) = SqsOdd[random.Next(SqsOdd.Length)];
                        fields[key] = value;
                    }
                    body = string.Join("&", fields.Select(f => f.Key + "=" + f.Value));
                    break;
                default:
                    service = "ses";
                    method = "POST";
                    path = "/v2/email/outbound-emails";
                    body = SesBodies[random.Next(SesBodies.Length)];
                    break;
            }
            using var response = await SendAsync(http, method, path, headers, body, service, form);
            if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented)
            {
                faults.Add($"{(int)response.StatusCode} {method} {path} {string.Join(", ", headers)} {body}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        foreach (var fault in faults)
        {
            output.WriteLine(fault);
        }
        Assert.True(faults.Count == 0, $"{faults.Count} of {count} requests were answered as server faults:\n" + string.Join("\n", faults.Take(10)));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, List<(string Name, string Value)> headers, string body, string service, bool form = false)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is not ("GET" or "HEAD"))
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", form ? "application/x-www-form-urlencoded" : service == "ses" ? "application/json" : "application/octet-stream");
        }
        request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, Authorization, service));
        foreach (var (name, value) in headers)
        {
            // Content headers belong to the content (and a GET or HEAD has none); non-ASCII values go out as UTF-8.
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content?.Headers.Remove(name);
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return http.SendAsync(request);
    }
}
