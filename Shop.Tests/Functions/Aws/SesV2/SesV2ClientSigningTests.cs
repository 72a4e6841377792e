using System.Net;
using System.Text;
using Amazon.Runtime;
using Shop.Functions.Aws.SesV2;
using Shop.LocalAws.Protocol;

namespace Shop.Tests.Functions.Aws.SesV2;

/// <summary>What <see cref="SesV2Client"/> puts on the wire, checked without any server.</summary>
public class SesV2ClientSigningTests
{
    private static SendEmailRequest SimpleEmail() => new()
    {
        FromEmailAddress = "orders@shop.example",
        Destination = new Destination { ToAddresses = ["customer@example.com"] },
        Content = new EmailContent
        {
            Simple = new Message
            {
                Subject = new Content { Data = "Your order" },
                Body = new Body { Text = new Content { Data = "Thank you." } },
            },
        },
    };

    [Fact]
    public async Task SendEmail_is_signed_for_service_ses_in_the_configured_region()
    {
        var recorder = new RecordingHandler("""{"MessageId":"m-1"}""");
        var client = ClientFor(recorder, new BasicAWSCredentials("AKIDSIGNINGTEST", "secret"), "eu-west-1");

        var response = await client.SendEmailAsync(SimpleEmail());

        Assert.Equal("m-1", response.MessageId);
        var request = Assert.Single(recorder.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:1/v2/email/outbound-emails", request.Uri.AbsoluteUri);
        Assert.True(SigV4Credential.TryParseAuthorizationHeader(request.Headers["Authorization"], out var credential, out var error), error);
        Assert.NotNull(credential);
        Assert.Equal("AKIDSIGNINGTEST", credential.AccessKeyId);
        Assert.Equal("ses", credential.Service);
        Assert.Equal("eu-west-1", credential.Region);
        Assert.Contains("x-amz-date", credential.SignedHeaders);
        Assert.Contains("x-amz-content-sha256", credential.SignedHeaders);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", request.Headers["X-Amz-Date"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Body)), request.Headers["X-Amz-Content-SHA256"]);
        Assert.False(request.Headers.ContainsKey("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Session_credentials_send_the_security_token()
    {
        var recorder = new RecordingHandler("""{"MessageId":"m-2"}""");
        var client = ClientFor(recorder, new SessionAWSCredentials("ASIASESSION", "secret", "session-token-value"));

        await client.SendEmailAsync(SimpleEmail());

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("session-token-value", request.Headers["X-Amz-Security-Token"]);
        Assert.True(SigV4Credential.TryParseAuthorizationHeader(request.Headers["Authorization"], out var credential, out _));
        Assert.Contains("x-amz-security-token", credential!.SignedHeaders);
    }

    [Fact]
    public async Task The_body_uses_the_api_reference_member_names_and_omits_absent_members()
    {
        var recorder = new RecordingHandler("""{"MessageId":"m-3"}""");
        var client = ClientFor(recorder);

        await client.SendEmailAsync(SimpleEmail() with { ReplyToAddresses = ["help@shop.example"] });

        var body = Encoding.UTF8.GetString(Assert.Single(recorder.Requests).Body);
        Assert.Equal(
            """{"FromEmailAddress":"orders@shop.example","Destination":{"ToAddresses":["customer@example.com"]},"ReplyToAddresses":["help@shop.example"],"Content":{"Simple":{"Subject":{"Data":"Your order"},"Body":{"Text":{"Data":"Thank you."}}}}}""",
            body);
    }

    [Fact]
    public async Task Identities_in_paths_are_percent_encoded()
    {
        var recorder = new RecordingHandler("""{"IdentityType":"EMAIL_ADDRESS","VerifiedForSendingStatus":true,"VerificationStatus":"SUCCESS"}""");
        var client = ClientFor(recorder);

        var identity = await client.GetEmailIdentityAsync("a+b@shop.example");

        Assert.Equal("SUCCESS", identity.VerificationStatus);
        Assert.Equal("/v2/email/identities/a%2Bb%40shop.example", Assert.Single(recorder.Requests).Uri.AbsolutePath);
    }

    [Theory]
    [InlineData("BadRequestException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"Illegal address"}""", "BadRequestException", "Illegal address")]
    [InlineData(null, """{"__type":"com.amazonaws.sesv2#NotFoundException","Message":"gone"}""", "NotFoundException", "gone")]
    [InlineData(null, """{"code":"MessageRejected","message":"no"}""", "MessageRejected", "no")]
    [InlineData(null, "<html>proxy error</html>", "BadRequestException", "Bad Request")]
    public async Task Error_answers_become_SesV2Exceptions_with_the_aws_error_code(string? errorTypeHeader, string body, string expectedCode, string expectedMessage)
    {
        var recorder = new RecordingHandler(body, HttpStatusCode.BadRequest, errorTypeHeader);
        var client = ClientFor(recorder);

        var error = await Assert.ThrowsAsync<SesV2Exception>(() => client.SendEmailAsync(SimpleEmail()));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(expectedMessage, error.ErrorMessage);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public void Options_from_the_environment_default_to_aws_own_endpoint()
    {
        var options = new SesV2ClientOptions { Region = "ap-southeast-2" };
        Assert.Equal(new Uri("https://email.ap-southeast-2.amazonaws.com"), options.Endpoint);
    }

    private static SesV2Client ClientFor(RecordingHandler recorder, AWSCredentials? credentials = null, string region = "us-east-1") =>
        new(new HttpClient(recorder), new SesV2ClientOptions
        {
            Region = region,
            ServiceUrl = new Uri("http://127.0.0.1:1/"),
            Credentials = credentials ?? new BasicAWSCredentials("AKID", "secret"),
        });

    internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, byte[] Body);

    internal sealed class RecordingHandler(string responseBody, HttpStatusCode status = HttpStatusCode.OK, string? errorType = null) : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in request.Headers)
            {
                headers[name] = string.Join(',', values);
            }
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
            var response = new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json") };
            if (errorType is not null)
            {
                response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
            }
            return response;
        }
    }
}
