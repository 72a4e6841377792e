using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws;

/// <summary>
/// The fast path reads HTTP request heads itself, so every head it reads must mean what it means to Kestrel. These
/// tests take the plain request an AWS SDK sends and change its head in one to three random places (a header's case,
/// white space, a duplicate, a missing or extra header, an odd byte, a folded line, another request line, Host or
/// Content-Length form, Connection options), send it to a LocalAws with the fast path and to one without, each on a
/// fresh connection, and require the same answer from both (or both closing), and then the same answer to a plain
/// request on the same connection. The fast path must have served some of them itself, or the test proves nothing.
/// <c>LOCALAWS_DIFFERENTIAL_SEED</c> and <c>LOCALAWS_DIFFERENTIAL_CASES</c> run other and more cases. Like every test
/// of this class it runs against the event loop and against the connection middleware.
/// </summary>
public partial class JsonFastPathTests
{
    private const string RandomHeadBody = """{"Limit":5}""";

    [Fact]
    public async Task Every_changed_request_head_gets_the_answer_Kestrel_gives()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261206;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("LOCALAWS_DIFFERENTIAL_CASES"), CultureInfo.InvariantCulture, out var c) ? c : 300;
        var random = new Random(seed);
        var served = Counters(_fast).RequestsServed;

        for (var i = 0; i < cases; i++)
        {
            var head = PlainRandomHead();
            var changes = new List<string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                changes.Add(Change(random, head));
            }
            var request = string.Join("\r\n", head) + "\r\n\r\n" + RandomHeadBody;

            var fast = await ConverseAsync(_fast, request);
            var kestrel = await ConverseAsync(_kestrelOnly, request);

            Assert.True(fast == kestrel,
                $"case {i} (seed {seed}), changed: {string.Join("; ", changes)}\nrequest:\n{Visible(request)}\nfast path:\n{fast}\nKestrel:\n{kestrel}");
        }
        var servedHere = Counters(_fast).RequestsServed - served;
        Assert.True(servedHere > cases / 4, $"the fast path served {servedHere} of the {cases} cases' requests: too few for the comparison to mean anything");
    }

    private static List<string> PlainRandomHead() =>
    [
        "POST / HTTP/1.1",
        "Host: localhost",
        "X-Amz-Target: DynamoDB_20120810.ListTables",
        "Content-Type: application/x-amz-json-1.0",
        "Authorization: " + Authorization,
        "Content-Length: " + Encoding.UTF8.GetByteCount(RandomHeadBody).ToString(CultureInfo.InvariantCulture),
    ];

    private static readonly string[] OddBytes = ["\x01", "\x7f", "\u00e9", "\0", "\x1b", "\v"];

    /// <summary>Changes the head in one random place and says how.</summary>
    private static string Change(Random random, List<string> head)
    {
        var index = random.Next(1, head.Count);
        var line = head[index];
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var (name, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].Trim(' ', '\t'));
        switch (random.Next(14))
        {
            case 0:
                head[index] = new string([.. name.Select(ch => random.Next(2) == 0 ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch))]) + ": " + value;
                return $"recased {name}";
            case 1:
                head[index] = name + ":" + Pick(random, "", " ", "  ", "\t", " \t ") + value + Pick(random, "", " ", "\t", "  ");
                return $"white space around {name}'s value";
            case 2:
                head.Insert(random.Next(1, head.Count + 1), Pick(random, "User-Agent", "X-Amz-Date", "amz-sdk-invocation-id", "Accept-Encoding", "X-Custom_Header", "Content-Encoding", "Keep-Alive")
                    + ": " + Pick(random, "aws-sdk-dotnet/4.0", "20261206T120000Z", "gzip", "", "timeout=5", "a,b;c=\"d\""));
                return "added a header";
            case 3:
                head.Insert(random.Next(1, head.Count + 1), line);
                return $"repeated {name}";
            case 4:
                head.RemoveAt(index);
                return $"removed {name}";
            case 5:
                head[index] = line.Insert(random.Next(colon < 0 ? line.Length : colon + 1, line.Length + 1), Pick(random, OddBytes));
                return $"an odd byte in {name}";
            case 6:
                head[index] = line + "\r\n" + Pick(random, " ", "\t") + "folded";
                return $"folded {name}";
            case 7:
                head[0] = Pick(random, "POST / HTTP/1.0", "post / HTTP/1.1", "POST  / HTTP/1.1", "POST /? HTTP/1.1", "POST // HTTP/1.1", "PUT / HTTP/1.1", "POST / HTTP/1.1 ", "POST http://localhost/ HTTP/1.1", "POST / http/1.1");
                return "another request line";
            case 8:
                SetHeader(head, "Host", Pick(random, "localhost:4566", "127.0.0.1", "LOCALHOST", "[::1]:80", "", "a b", "local_host", "host:99999", "host:", "dynamodb.us-east-1.amazonaws.com", "x:1:2", "h\u00f6st"));
                return "another Host";
            case 9:
                SetHeader(head, "Content-Length", Pick(random, "011", "00000000011", "+11", "11 ", "1_1", "0x0b", "11,11", "11, 11"));
                return "another Content-Length form";
            case 10:
                head.Insert(random.Next(1, head.Count + 1), "Connection: " + Pick(random, "close", "keep-alive", "Keep-Alive, close", "upgrade", "foo", "", "close,", " , keep-alive", "CLOSE"));
                return "a Connection header";
            case 11:
                SetHeader(head, "X-Amz-Target", Pick(random, "DynamoDB_20120810.", "dynamodb_20120810.ListTables", "DynamoDB_20120810.ListTables ", "DynamoDB_20120810.ListTables\t", "DynamoDB_20120810", "AmazonSQS.ListQueues", "DynamoDB_20120810.listTables"));
                return "another X-Amz-Target";
            case 12:
                head[index] = name + Pick(random, " ", "\t") + ":" + value;
                return $"white space before {name}'s colon";
            default:
                SetHeader(head, "Content-Type", Pick(random, "", "application/json", "APPLICATION/X-AMZ-JSON-1.0", "application/x-amz-json-1.0; charset=utf-8", "text/plain", "application/x-amz-json-1.1"));
                return "another Content-Type";
        }
    }

    private static void SetHeader(List<string> head, string name, string value)
    {
        var index = head.FindIndex(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
        var line = $"{name}: {value}";
        if (index < 0)
        {
            head.Add(line);
        }
        else
        {
            head[index] = line;
        }
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    /// <summary>
    /// The answer to <paramref name="request"/> on a fresh connection and then the answer to a plain request after
    /// it, each as comparable text, or how the connection ended instead.
    /// </summary>
    private static async Task<string> ConverseAsync(WebApplication app, string request)
    {
        using var connection = await RawHttpConnection.OpenAsync(app);
        await connection.SendAsync(request);
        var transcript = new StringBuilder();
        try
        {
            var answer = await connection.ReadResponseAsync();
            transcript.AppendLine(answer.Comparable);
            if (answer.Headers.Any(h => h.Name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("close", StringComparison.OrdinalIgnoreCase)))
            {
                transcript.Append("(closed: ").Append(await connection.IsClosedByServerAsync()).Append(')');
                return transcript.ToString();
            }
            await connection.SendAsync(DynamoDbRequest("ListTables", RandomHeadBody));
            transcript.AppendLine("then:").Append((await connection.ReadResponseAsync()).Comparable);
        }
        catch (Exception error) when (error is IOException or FormatException or IndexOutOfRangeException)
        {
            transcript.Append("(ended: ").Append(error.GetType().Name).Append(": ").Append(error.Message).Append(')');
        }
        return transcript.ToString();
    }

    private static string Visible(string text) =>
        string.Concat(text.Select(ch => ch switch
        {
            '\r' => "\\r",
            '\n' => "\\n\n",
            '\t' => "\\t",
            < ' ' or (>= '\x7f' and <= '\xff') => $"\\x{(int)ch:x2}",
            _ => ch.ToString(),
        }));
}
