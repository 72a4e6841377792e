using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Sqs.Protocol;

/// <summary>
/// SQS's older query protocol (form fields <c>Action=SendMessage&amp;QueueUrl=...&amp;MessageAttribute.1.Name=...</c>,
/// XML answers), as older SDKs and the AWS CLI v1 speak it. It is a translation layer: the form becomes the JSON
/// protocol's request shape, the same <see cref="SqsOperation"/> runs, and its JSON answer is written as SQS's XML.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
/// </summary>
public static class SqsQueryProtocol
{
    private const string Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";

    private static readonly HashSet<string> IntegerMembers = new(StringComparer.Ordinal)
    {
        "DelaySeconds", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds", "MaxResults", "MaxNumberOfMessagesPerSecond",
    };

    private static readonly HashSet<string> ActionsWithoutResult = new(StringComparer.Ordinal)
    {
        "DeleteMessage", "DeleteQueue", "PurgeQueue", "SetQueueAttributes", "ChangeMessageVisibility", "TagQueue", "UntagQueue",
        "AddPermission", "RemovePermission",
    };

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "Action", "Version", "AWSAccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp", "Expires", "SecurityToken",
    };

    public static bool IsQueryRequest(HttpContext context) => context.Request.Headers["X-Amz-Target"].Count == 0;

    public static async Task HandleAsync(SqsEndpoint endpoint, HttpContext context, AwsRequestContext request)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            fields[key] = value.ToString();
        }
        if (context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException error)
            {
                // A body the form reader refuses (a NUL character, a key or value past its limits) is the client's
                // invalid parameter, not a failure of ours; SQS's own answer to such a body is not recorded anywhere.
                throw SqsException.InvalidParameterValue("The request's parameters could not be read: " + error.Message);
            }
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }
        }
        if (!fields.TryGetValue("Action", out var action) || action.Length == 0)
        {
            throw SqsException.MissingAction();
        }
        request.Operation = action;
        if (!endpoint.TryGetOperation(action, out var operation))
        {
            throw SqsException.InvalidAction();
        }

        var json = ToJson(fields.Where(f => !Ignored.Contains(f.Key) && !f.Key.StartsWith("X-Amz-", StringComparison.Ordinal)));
        if (!json.ContainsKey("QueueUrl") && context.Request.Path.Value is { Length: > 1 } path)
        {
            json["QueueUrl"] = SqsEndpoint.BaseUrlOf(context) + path;
        }
        using var document = JsonDocument.Parse(json.ToJsonString());
        var buffer = await endpoint.RunAsync(operation, new SqsInput(document.RootElement), context, request);
        string xml;
        try
        {
            using var result = JsonDocument.Parse(buffer.Bytes.WrittenMemory);
            xml = ToXml(action, result.RootElement);
        }
        finally
        {
            endpoint.Return(buffer);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = RequestIds.Uuid();
        await context.Response.WriteAsync(xml, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, AwsServiceException error)
    {
        var message = error.Code == "AWS.SimpleQueueService.NonExistentQueue" ? "The specified queue does not exist for this wsdl version." : error.Message;
        var body = new StringBuilder("<?xml version=\"1.0\"?>")
            .Append("<ErrorResponse xmlns=\"").Append(Namespace).Append("\"><Error><Type>").Append(error.IsServerFault ? "Receiver" : "Sender")
            .Append("</Type><Code>").Append(Escape(error.Code)).Append("</Code><Message>").Append(Escape(message))
            .Append("</Message><Detail/></Error><RequestId>").Append(RequestIds.Uuid()).Append("</RequestId></ErrorResponse>");
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync(body.ToString());
    }

    /// <summary>Form fields to the JSON request shape: <c>Attribute.N.Name/Value</c> to a map, <c>AttributeName.N</c> to a list, batch entries to objects.</summary>
    internal static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var root = new JsonObject();
        var groups = new Dictionary<string, SortedDictionary<int, Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            var parts = key.Split('.', 3);
            if (parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (!groups.TryGetValue(parts[0], out var group))
                {
                    groups[parts[0]] = group = [];
                }
                if (!group.TryGetValue(index, out var members))
                {
                    group[index] = members = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                members[parts.Length == 3 ? parts[2] : string.Empty] = value;
                continue;
            }
            root[key] = IntegerMembers.Contains(key) && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(value);
        }
        foreach (var (name, group) in groups)
        {
            switch (name)
            {
                case "Attribute":
                    root["Attributes"] = Map(group, "Name", m => JsonValue.Create(m.GetValueOrDefault("Value") ?? string.Empty));
                    break;
                case "Tag":
                    root["Tags"] = Map(group, "Key", m => JsonValue.Create(m.GetValueOrDefault("Value") ?? string.Empty));
                    root["tags"] = root["Tags"]!.DeepClone();
                    break;
                case "MessageAttribute":
                case "MessageSystemAttribute":
                    root[name + "s"] = Map(group, "Name", AttributeValue);
                    break;
                case "AttributeName":
                case "MessageAttributeName":
                case "MessageSystemAttributeName":
                case "TagKey":
                case "AWSAccountId":
                    root[name + "s"] = List(group);
                    break;
                case "ActionName":
                    root["Actions"] = List(group);
                    break;
                default:
                    if (name.EndsWith("RequestEntry", StringComparison.Ordinal))
                    {
                        root["Entries"] = new JsonArray([.. group.Values.Select(m => (JsonNode?)ToJson(m))]);
                    }
                    break;
            }
        }
        return root;
    }

    private static JsonArray List(SortedDictionary<int, Dictionary<string, string>> group) =>
        new([.. group.Values.Select(m => (JsonNode?)JsonValue.Create(m.GetValueOrDefault(string.Empty)))]);

    private static JsonObject Map(SortedDictionary<int, Dictionary<string, string>> group, string keyMember, Func<Dictionary<string, string>, JsonNode> value)
    {
        var map = new JsonObject();
        foreach (var members in group.Values)
        {
            if (members.GetValueOrDefault(keyMember) is { } key)
            {
                map[key] = value(members);
            }
        }
        return map;
    }

    private static JsonObject AttributeValue(Dictionary<string, string> members)
    {
        var value = new JsonObject();
        foreach (var field in new[] { "DataType", "StringValue", "BinaryValue" })
        {
            if (members.GetValueOrDefault("Value." + field) is { } text)
            {
                value[field] = text;
            }
        }
        return value;
    }

    /// <summary>The JSON protocol's result as SQS's XML document.</summary>
    internal static string ToXml(string action, JsonElement result)
    {
        var text = new MemoryStream(512);
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement(action + "Response", Namespace);
            if (!ActionsWithoutResult.Contains(action))
            {
                xml.WriteStartElement(action + "Result", Namespace);
                WriteMembers(xml, action, result);
                xml.WriteEndElement();
            }
            xml.WriteStartElement("ResponseMetadata", Namespace);
            xml.WriteElementString("RequestId", Namespace, RequestIds.Uuid());
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private static void WriteMembers(XmlWriter xml, string action, JsonElement obj)
    {
        foreach (var member in obj.EnumerateObject())
        {
            var value = member.Value;
            switch (member.Name)
            {
                case "Attributes":
                    WritePairs(xml, value, "Attribute", "Name", "Value");
                    break;
                case "Tags":
                    WritePairs(xml, value, "Tag", "Key", "Value");
                    break;
                case "MessageAttributes":
                    foreach (var attribute in value.EnumerateObject())
                    {
                        xml.WriteStartElement("MessageAttribute", Namespace);
                        xml.WriteElementString("Name", Namespace, attribute.Name);
                        xml.WriteStartElement("Value", Namespace);
                        WriteMembers(xml, action, attribute.Value);
                        xml.WriteEndElement();
                        xml.WriteEndElement();
                    }
                    break;
                case "QueueUrls" or "queueUrls":
                    foreach (var url in value.EnumerateArray())
                    {
                        xml.WriteElementString("QueueUrl", Namespace, url.GetString());
                    }
                    break;
                default:
                    if (value.ValueKind is JsonValueKind.Array)
                    {
                        var element = member.Name switch
                        {
                            "Messages" => "Message",
                            "Successful" => action + "ResultEntry",
                            "Failed" => "BatchResultErrorEntry",
                            "Results" => action + "ResultEntry",
                            _ => member.Name,
                        };
                        foreach (var item in value.EnumerateArray())
                        {
                            xml.WriteStartElement(element, Namespace);
                            WriteMembers(xml, action, item);
                            xml.WriteEndElement();
                        }
                    }
                    else
                    {
                        xml.WriteElementString(member.Name, Namespace, value.ValueKind switch
                        {
                            JsonValueKind.String => value.GetString(),
                            JsonValueKind.True => "true",
                            JsonValueKind.False => "false",
                            _ => value.GetRawText(),
                        });
                    }
                    break;
            }
        }
    }

    private static void WritePairs(XmlWriter xml, JsonElement map, string element, string keyName, string valueName)
    {
        foreach (var pair in map.EnumerateObject())
        {
            xml.WriteStartElement(element, Namespace);
            xml.WriteElementString(keyName, Namespace, pair.Name);
            xml.WriteElementString(valueName, Namespace, pair.Value.GetString());
            xml.WriteEndElement();
        }
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);
}
