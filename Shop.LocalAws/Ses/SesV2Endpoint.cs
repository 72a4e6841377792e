using System.Buffers;
using System.Text;
using System.Text.Json;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Ses;

/// <summary>
/// The SES v2 REST JSON protocol under <c>/v2/email/…</c>: maps method and path to the operation, reads the JSON body,
/// writes the JSON answer, and writes errors as AWS does (status, <c>x-amzn-ErrorType</c>, <c>{"message": …}</c>).
/// A method and path that name no operation answer <c>UnknownOperationException</c>, never a silent success.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/Welcome.html
/// </summary>
public sealed class SesV2Endpoint(EmailIdentityOperations identities, EmailTemplateOperations templates, SendEmailOperation sendEmail, GetAccountOperation account) : IAwsServiceEndpoint
{
    public const string PathPrefix = "/v2/email";

    /// <summary>Request bodies beyond this are refused before parsing (SES's own raw message limit is 40 MB, base64 inflates it by a third).</summary>
    private const long MaxBodyBytes = 64L * 1024 * 1024;

    public string SigningName => "ses";

    public string ServiceName => "SESv2";

    public bool Matches(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context, AwsRequestContext request)
    {
        var http = context.Request;
        var method = http.Method;
        var segments = Segments(http.Path);
        var region = request.Region;

        // segments[0..1] are "v2", "email"; the resource collection and name follow.
        if (segments.Length == 0 && HttpMethods.IsPost(method) && http.HasFormContentType)
        {
            request.Operation = (await http.ReadFormAsync(context.RequestAborted))["Action"].ToString() is { Length: > 0 } action ? action : null;
            throw SesErrors.InvalidQueryAction();
        }
        var collection = segments.Length > 2 && segments[0] == "v2" && segments[1] == "email" ? segments[2] : null;
        var name = segments.Length == 4 ? segments[3] : null;
        if (segments.Length > 4 || collection is null)
        {
            throw SesErrors.UnknownOperation();
        }

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, AwsJson.WriterOptions))
        {
            switch ((collection, name is null, method))
            {
                case ("outbound-emails", true, "POST"):
                    request.Operation = "SendEmail";
                    var email = await ReadBodyAsync(context);
                    // The sending identity is the resource a trace or the call log should name.
                    request.ResourceName = email.ValueKind == JsonValueKind.Object && email.TryGetProperty("FromEmailAddress", out var from) && from.ValueKind == JsonValueKind.String ? from.GetString() : null;
                    sendEmail.Send(region, email, writer);
                    break;
                case ("identities", true, "POST"):
                    request.Operation = "CreateEmailIdentity";
                    var body = await ReadBodyAsync(context);
                    request.ResourceName = SesJson.OptionalString(body, "EmailIdentity");
                    identities.Create(region, body, writer);
                    break;
                case ("identities", true, "GET"):
                    request.Operation = "ListEmailIdentities";
                    identities.List(region, SesPage.From(http.Query, minPageSize: 0, maxPageSize: 1000), writer);
                    break;
                case ("identities", false, "GET"):
                    request.Operation = "GetEmailIdentity";
                    request.ResourceName = name;
                    identities.Get(region, name!, writer);
                    break;
                case ("identities", false, "DELETE"):
                    request.Operation = "DeleteEmailIdentity";
                    request.ResourceName = name;
                    identities.Delete(region, name!, writer);
                    break;
                case ("templates", true, "POST"):
                    request.Operation = "CreateEmailTemplate";
                    var template = await ReadBodyAsync(context);
                    request.ResourceName = SesJson.OptionalString(template, "TemplateName");
                    templates.Create(region, template, writer);
                    break;
                case ("templates", true, "GET"):
                    request.Operation = "ListEmailTemplates";
                    templates.List(region, SesPage.From(http.Query, minPageSize: 1, maxPageSize: 100), writer);
                    break;
                case ("templates", false, "GET"):
                    request.Operation = "GetEmailTemplate";
                    request.ResourceName = name;
                    templates.Get(region, name!, writer);
                    break;
                case ("templates", false, "PUT"):
                    request.Operation = "UpdateEmailTemplate";
                    request.ResourceName = name;
                    templates.Update(region, name!, await ReadBodyAsync(context), writer);
                    break;
                case ("templates", false, "DELETE"):
                    request.Operation = "DeleteEmailTemplate";
                    request.ResourceName = name;
                    templates.Delete(region, name!, writer);
                    break;
                case ("account", true, "GET"):
                    request.Operation = "GetAccount";
                    account.Get(region, writer);
                    break;
                default:
                    throw SesErrors.UnknownOperation();
            }
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    public async Task WriteErrorAsync(HttpContext context, AwsRequestContext request, AwsServiceException error)
    {
        var response = context.Response;
        if (error is SesErrors.QueryProtocolException)
        {
            var requestId = Guid.NewGuid().ToString();
            response.StatusCode = error.StatusCode;
            response.ContentType = "text/xml";
            response.Headers["x-amzn-RequestId"] = requestId;
            System.Xml.Linq.XNamespace ns = "http://ses.amazonaws.com/doc/2010-12-01/";
            var document = new System.Xml.Linq.XElement(ns + "ErrorResponse",
                new System.Xml.Linq.XElement(ns + "Error",
                    new System.Xml.Linq.XElement(ns + "Type", "Sender"),
                    new System.Xml.Linq.XElement(ns + "Code", error.Code),
                    new System.Xml.Linq.XElement(ns + "Message", error.Message)),
                new System.Xml.Linq.XElement(ns + "RequestId", requestId));
            await response.WriteAsync(document.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), context.RequestAborted);
            return;
        }
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.Headers["x-amzn-ErrorType"] = error.Code;
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, AwsJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (error is SesErrors.MessagelessException)
            {
                writer.WriteNull("message");
            }
            else
            {
                writer.WriteString("message", error.Message);
            }
            writer.WriteEndObject();
        }
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    private static string[] Segments(PathString path) =>
        (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw SesErrors.MessageRejected($"Message length is more than {MaxBodyBytes} bytes long: '{context.Request.ContentLength}'.");
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return JsonDocument.Parse("{}").RootElement;
        }
        if (JsonText.HasUnreadableText(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            throw SesErrors.Serialization("Could not parse the request body as JSON: it is not UTF-8 text, or has an unpaired surrogate escape.");
        }
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SesErrors.Serialization("Start of structure or map found where not expected.");
            }
            return document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw SesErrors.Serialization($"Could not parse the request body as JSON: {Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)Math.Min(buffer.Length, 80))}… ({error.Message})");
        }
    }
}

/// <summary>
/// One page request of a List operation: <c>PageSize</c> within the operation's documented range (absent or 0 means
/// the largest page) and the opaque <c>NextToken</c> (the last name returned).
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailIdentities.html#API_ListEmailIdentities_RequestParameters
/// </summary>
public sealed record SesPage(int PageSize, string? After)
{
    public static SesPage From(IQueryCollection query, int minPageSize, int maxPageSize)
    {
        var size = maxPageSize;
        var sizeText = query["PageSize"].ToString();
        if (sizeText.Length > 0)
        {
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out size) || size < minPageSize || size > maxPageSize)
            {
                throw SesErrors.BadRequest($"Invalid PageSize: the value has to be at least {minPageSize} and no more than {maxPageSize}.");
            }
            size = size == 0 ? maxPageSize : size;
        }
        string? after = null;
        var token = query["NextToken"].ToString();
        if (token.Length > 0)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw SesErrors.BadRequest("Invalid NextToken.");
            }
        }
        return new SesPage(size, after);
    }

    /// <summary>Takes one page of <paramref name="ordered"/> and the token for the next, if any.</summary>
    public (IReadOnlyList<T> Items, string? NextToken) Take<T>(IReadOnlyList<T> ordered, Func<T, string> name, StringComparer comparer)
    {
        var start = After is null ? ordered : ordered.Where(item => comparer.Compare(name(item), After) > 0).ToList();
        var page = start.Take(PageSize).ToList();
        var next = start.Count > PageSize ? Convert.ToBase64String(Encoding.UTF8.GetBytes(name(page[^1]))) : null;
        return (page, next);
    }
}
