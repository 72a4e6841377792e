using System.Net;
using System.Text.Json.Nodes;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>Requests no SDK would send: malformed JSON, wrong member types, unknown actions. Each gets AWS's error and changes nothing.</summary>
public class SqsWireTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private readonly HttpClient _http = localAws.CreateHttpClient();

    private async Task<string> CreateQueueAsync(string prefix)
    {
        var response = await SqsWire.PostAsync(_http, "CreateQueue", new JsonObject { ["QueueName"] = LocalAwsFixture.UniqueName(prefix) });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json!["QueueUrl"]!.GetValue<string>();
    }

    private async Task<string> CountAsync(string url)
    {
        var response = await SqsWire.PostAsync(_http, "GetQueueAttributes", new JsonObject { ["QueueUrl"] = url, ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages") });
        return response.Json!["Attributes"]!["ApproximateNumberOfMessages"]!.GetValue<string>();
    }

    [Fact]
    public async Task Errors_carry_the_json_type_and_the_query_error_header()
    {
        var response = await SqsWire.PostAsync(_http, "GetQueueUrl", new JsonObject { ["QueueName"] = LocalAwsFixture.UniqueName("nope") });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("""{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}""", response.Body);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", response.QueryError);
    }

    [Fact]
    public async Task Malformed_json_is_a_serialization_exception_and_sends_nothing()
    {
        var url = await CreateQueueAsync("malformed");
        var response = await SqsWire.PostAsync(_http, "SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"x" """);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
        Assert.Equal("0", await CountAsync(url));
    }

    [Theory]
    [InlineData("""{"MessageBody":5}""", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("""{"MessageBody":"x","DelaySeconds":"5"}""", "STRING_VALUE can not be converted to an Integer")]
    [InlineData("""{"MessageBody":"x","MessageAttributes":[]}""", "Start of list found where not expected")]
    [InlineData("""{"MessageBody":{"a":1}}""", "Start of structure or map found where not expected.")]
    public async Task Members_of_the_wrong_type_are_serialization_exceptions(string members, string message)
    {
        var url = await CreateQueueAsync("types");
        var body = JsonNode.Parse(members)!.AsObject();
        body["QueueUrl"] = url;
        var response = await SqsWire.PostAsync(_http, "SendMessage", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
        Assert.Equal(message, response.Json!["message"]!.GetValue<string>());
        Assert.Equal("MalformedInput;Sender", response.QueryError);
        Assert.Equal("0", await CountAsync(url));
    }

    [Fact]
    public async Task Missing_required_member_is_missing_parameter()
    {
        var url = await CreateQueueAsync("missing");
        var response = await SqsWire.PostAsync(_http, "SendMessage", new JsonObject { ["QueueUrl"] = url });
        Assert.Equal("MissingRequiredParameterException", response.ErrorType);
        Assert.Equal("The request must contain the parameter MessageBody.", response.Json!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_action_is_an_unknown_operation_not_a_success()
    {
        var response = await SqsWire.PostAsync(_http, "LaunchRocket", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("""{"__type":"com.amazon.coral.service#UnknownOperationException"}""", response.Body);
    }

    [Fact]
    public async Task Empty_receive_answers_an_empty_json_object()
    {
        var url = await CreateQueueAsync("emptyjson");
        var response = await SqsWire.PostAsync(_http, "ReceiveMessage", new JsonObject { ["QueueUrl"] = url });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("{}", response.Body);
    }

    [Fact]
    public async Task Malformed_authorization_header_is_rejected_before_anything_changes()
    {
        var name = LocalAwsFixture.UniqueName("auth");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent($$"""{"QueueName":"{{name}}"}""") };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS.CreateQueue");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("IncompleteSignatureException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lookup = await SqsWire.PostAsync(_http, "GetQueueUrl", new JsonObject { ["QueueName"] = name });
        Assert.Equal("QueueDoesNotExist", lookup.ErrorType);
    }

    [Fact]
    public async Task Query_protocol_form_posts_work_on_queue_urls_with_xml_answers()
    {
        var url = await CreateQueueAsync("query");
        var path = new Uri(url).AbsolutePath;
        using var send = await _http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "SendMessage",
            ["MessageBody"] = "from a form <&>",
            ["MessageAttribute.1.Name"] = "kind",
            ["MessageAttribute.1.Value.DataType"] = "String",
            ["MessageAttribute.1.Value.StringValue"] = "legacy",
        }));
        var sendXml = await send.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        Assert.Contains("<SendMessageResult><MD5OfMessageBody>", sendXml, StringComparison.Ordinal);

        using var receive = await _http.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "ReceiveMessage",
            ["QueueUrl"] = url,
            ["AttributeName.1"] = "All",
            ["MessageAttributeName.1"] = "All",
        }));
        var xml = System.Xml.Linq.XDocument.Parse(await receive.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://queue.amazonaws.com/doc/2012-11-05/";
        var message = Assert.Single(xml.Descendants(ns + "Message"));
        Assert.Equal("from a form <&>", message.Element(ns + "Body")!.Value);
        Assert.Equal("legacy", message.Element(ns + "MessageAttribute")!.Element(ns + "Value")!.Element(ns + "StringValue")!.Value);
        Assert.Contains(message.Elements(ns + "Attribute"), a => a.Element(ns + "Name")!.Value == "ApproximateReceiveCount" && a.Element(ns + "Value")!.Value == "1");

        using var missing = await _http.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "GetQueueUrl",
            ["QueueName"] = LocalAwsFixture.UniqueName("absent"),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await _http.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "LaunchRocket" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("<Code>InvalidAction</Code>", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_the_form_reader_refuses_is_an_invalid_parameter_and_sends_nothing()
    {
        var url = await CreateQueueAsync("badform");
        var path = new Uri(url).AbsolutePath;

        // A NUL character: the form reader refuses the body (it was a 500 InternalFailure).
        using var send = await _http.PostAsync(path, new StringContent("Action=SendMessage&MessageBody=a%00b", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        var xml = await send.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, send.StatusCode);
        Assert.Contains("<Type>Sender</Type><Code>InvalidParameterValue</Code><Message>The request&apos;s parameters could not be read: The form value contains invalid characters.</Message>", xml, StringComparison.Ordinal);
        Assert.Equal("0", await CountAsync(url));
    }

    [Fact]
    public async Task Ui_shows_queues_and_html_encoded_message_bodies()
    {
        var url = await CreateQueueAsync("ui");
        var name = url[(url.LastIndexOf('/') + 1)..];
        await SqsWire.PostAsync(_http, "SendMessage", new JsonObject { ["QueueUrl"] = url, ["MessageBody"] = "<script>alert(1)</script>" });
        var index = await _http.GetStringAsync("/_localaws/sqs");
        Assert.Contains(name, index, StringComparison.Ordinal);
        var page = await _http.GetStringAsync("/_localaws/sqs/" + name);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        // Looking does not receive: the message is still visible.
        Assert.Equal("1", await CountAsync(url));
        using var missing = await _http.GetAsync("/_localaws/sqs/" + LocalAwsFixture.UniqueName("none"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Ui_lists_the_queues_of_every_region_and_links_each_to_its_own_page()
    {
        var name = LocalAwsFixture.UniqueName("uitwin");
        using var east = localAws.CreateSqsClient("us-east-1");
        using var west = localAws.CreateSqsClient("eu-west-1");
        await east.SendMessageAsync((await east.CreateQueueAsync(name)).QueueUrl, "body in the east");
        await west.SendMessageAsync((await west.CreateQueueAsync(name)).QueueUrl, "body in the west");
        var westOnly = LocalAwsFixture.UniqueName("uiwest");
        await west.SendMessageAsync((await west.CreateQueueAsync(westOnly)).QueueUrl, "only in the west");

        var index = await _http.GetStringAsync("/_localaws/sqs");
        Assert.Contains("<th>Region</th>", index, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/_localaws/sqs/us-east-1/{name}\">{name}</a></td><td>us-east-1</td>", index, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/_localaws/sqs/eu-west-1/{name}\">{name}</a></td><td>eu-west-1</td>", index, StringComparison.Ordinal);

        var westPage = await _http.GetStringAsync($"/_localaws/sqs/eu-west-1/{name}");
        Assert.Contains("body in the west", westPage, StringComparison.Ordinal);
        Assert.DoesNotContain("body in the east", westPage, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:sqs:eu-west-1:000000000000:{name}", westPage, StringComparison.Ordinal);
        var eastPage = await _http.GetStringAsync($"/_localaws/sqs/us-east-1/{name}");
        Assert.Contains("body in the east", eastPage, StringComparison.Ordinal);
        Assert.DoesNotContain("body in the west", eastPage, StringComparison.Ordinal);

        // A bare name, as links were before queues were per region: the default region's queue, else the only one so named.
        Assert.Contains("body in the east", await _http.GetStringAsync($"/_localaws/sqs/{name}"), StringComparison.Ordinal);
        Assert.Contains("only in the west", await _http.GetStringAsync($"/_localaws/sqs/{westOnly}"), StringComparison.Ordinal);
        using var wrongRegion = await _http.GetAsync($"/_localaws/sqs/us-east-1/{westOnly}");
        Assert.Equal(HttpStatusCode.NotFound, wrongRegion.StatusCode);
    }
}
