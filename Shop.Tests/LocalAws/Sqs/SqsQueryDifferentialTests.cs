using System.Net;
using System.Xml.Linq;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>
/// The older query protocol (form posts, XML answers) against LocalAws and local-aws-sqs, compared as element trees
/// with request ids, message ids, receipt handles and host:port normalised and sibling order ignored. (local-aws-sqs
/// does not escape XML special characters in bodies, so bodies here avoid them; SqsWireTests checks LocalAws escapes them.)
/// </summary>
public class SqsQueryDifferentialTests(SqsDifferentialFixture servers) : IClassFixture<SqsDifferentialFixture>
{
    private readonly HttpClient _localAws = servers.LocalAws.CreateHttpClient();
    private readonly HttpClient _oracle = new() { BaseAddress = servers.Oracle.BaseUrl };
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal) { "RequestId", "MessageId", "ReceiptHandle" };

    private async Task BothAsync(params (string Key, string Value)[] fields)
    {
        var (localStatus, local) = await PostAsync(_localAws, fields);
        var (oracleStatus, oracle) = await PostAsync(_oracle, fields);
        Assert.True(localStatus == oracleStatus, $"LocalAws {localStatus} {local} vs oracle {oracleStatus} {oracle}");
        Assert.Equal(oracle, local);
    }

    private static async Task<(HttpStatusCode, string)> PostAsync(HttpClient http, (string Key, string Value)[] fields)
    {
        var hostPort = $"{http.BaseAddress!.Host}:{http.BaseAddress.Port}";
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.Replace("{host}", hostPort, StringComparison.Ordinal)));
        using var response = await http.PostAsync("/", new FormUrlEncodedContent(form));
        var xml = XDocument.Parse((await response.Content.ReadAsStringAsync()).Replace(hostPort, "HOST", StringComparison.Ordinal));
        return (response.StatusCode, Canonical(xml.Root!));
    }

    private static string Canonical(XElement element)
    {
        var name = element.Name.LocalName;
        if (!element.HasElements)
        {
            return $"<{name}>{(Volatile.Contains(name) ? "*" : element.Value.Trim())}</{name}>";
        }
        return $"<{name}>{string.Concat(element.Elements().Select(Canonical).Order(StringComparer.Ordinal))}</{name}>";
    }

    [Fact]
    public async Task Query_protocol_answers_alike()
    {
        var name = LocalAwsFixture.UniqueName("query");
        var url = "http://{host}/000000000000/" + name;
        await BothAsync(("Action", "CreateQueue"), ("QueueName", name), ("Attribute.1.Name", "VisibilityTimeout"), ("Attribute.1.Value", "40"), ("Tag.1.Key", "team"), ("Tag.1.Value", "orders"));
        await BothAsync(("Action", "GetQueueUrl"), ("QueueName", name));
        await BothAsync(("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", "hello from a form"),
            ("MessageAttribute.1.Name", "kind"), ("MessageAttribute.1.Value.DataType", "String"), ("MessageAttribute.1.Value.StringValue", "order"));
        await BothAsync(("Action", "ReceiveMessage"), ("QueueUrl", url), ("AttributeName.1", "ApproximateReceiveCount"), ("MessageAttributeName.1", "All"));
        await BothAsync(("Action", "GetQueueAttributes"), ("QueueUrl", url), ("AttributeName.1", "VisibilityTimeout"), ("AttributeName.2", "QueueArn"));
        await BothAsync(("Action", "ListQueueTags"), ("QueueUrl", url));
        await BothAsync(("Action", "SendMessageBatch"), ("QueueUrl", url),
            ("SendMessageBatchRequestEntry.1.Id", "a"), ("SendMessageBatchRequestEntry.1.MessageBody", "one"),
            ("SendMessageBatchRequestEntry.2.Id", "b"), ("SendMessageBatchRequestEntry.2.MessageBody", "two"));
        await BothAsync(("Action", "ListQueues"), ("QueueNamePrefix", name));
        await BothAsync(("Action", "DeleteQueue"), ("QueueUrl", url));
        await BothAsync(("Action", "GetQueueUrl"), ("QueueName", name));
    }
}
