using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.LocalAws.Protocol;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// Lambda's control and invoke API (REST JSON, <c>/2015-03-31/functions/...</c>): Invoke (RequestResponse, Event,
/// DryRun), GetFunction, GetFunctionConfiguration and ListFunctions, so <c>aws lambda invoke --endpoint-url
/// http://localhost:4566</c> works. Functions are created from the template, not through this API.
/// See https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
/// </summary>
public sealed class LambdaEndpoint(LambdaFunctionRegistry registry, LambdaInvoker invoker) : IAwsServiceEndpoint
{
    private const string ApiVersion = "2015-03-31";

    /// <summary>Invoke's limit for synchronous requests (6 MB) and for Event invocations (256 KB).</summary>
    private const int MaxSyncPayload = 6 * 1024 * 1024;
    private const int MaxAsyncPayload = 256 * 1024;

    public string SigningName => "lambda";
    public string ServiceName => "Lambda";

    public bool Matches(HttpRequest request) => request.Path.StartsWithSegments("/" + ApiVersion, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context, AwsRequestContext request)
    {
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var method = context.Request.Method;
        switch (segments)
        {
            case [ApiVersion, "functions", var name, "invocations"] when HttpMethods.IsPost(method):
                request.Operation = "Invoke";
                await InvokeAsync(context, request, name);
                return;
            case [ApiVersion, "functions", var name, "configuration"] when HttpMethods.IsGet(method):
                request.Operation = "GetFunctionConfiguration";
                await WriteJsonAsync(context, 200, Describe(FindFunction(request, name).Configuration));
                return;
            case [ApiVersion, "functions", var name] when HttpMethods.IsGet(method):
                request.Operation = "GetFunction";
                var function = FindFunction(request, name);
                var described = new JsonObject
                {
                    ["Configuration"] = Describe(function.Configuration),
                    ["Code"] = new JsonObject { ["RepositoryType"] = "S3", ["Location"] = $"file://{function.Configuration.Handler.Split("::")[0]}" },
                    ["Tags"] = new JsonObject(),
                };
                // As Lambda does, only GetFunction tells a function's reserved concurrency, and only when it has one.
                if (function.Configuration.ReservedConcurrentExecutions is { } reserved)
                {
                    described["Concurrency"] = new JsonObject { ["ReservedConcurrentExecutions"] = reserved };
                }
                await WriteJsonAsync(context, 200, described);
                return;
            case [ApiVersion, "functions"] when HttpMethods.IsGet(method):
                request.Operation = "ListFunctions";
                await WriteJsonAsync(context, 200, new JsonObject
                {
                    ["Functions"] = new JsonArray([.. registry.List().Where(c => c.Region == request.Region).Select(c => (JsonNode)Describe(c))]),
                });
                return;
            default:
                throw new AwsServiceException(404, "UnknownOperationException", "Unknown operation " + method + " " + context.Request.Path);
        }
    }

    public Task WriteErrorAsync(HttpContext context, AwsRequestContext request, AwsServiceException error)
    {
        context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        return WriteJsonAsync(context, error.StatusCode, new JsonObject
        {
            ["Type"] = error.IsServerFault ? "Service" : "User",
            ["message"] = error.Message,
        });
    }

    private async Task InvokeAsync(HttpContext context, AwsRequestContext request, string name)
    {
        var function = FindFunction(request, name);
        var invocationType = context.Request.Headers["X-Amz-Invocation-Type"].ToString() is { Length: > 0 } given ? given : "RequestResponse";
        if (invocationType is not ("RequestResponse" or "Event" or "DryRun"))
        {
            throw new AwsServiceException(400, "InvalidParameterValueException", $"1 validation error detected: Value '{invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        var limit = invocationType == "Event" ? MaxAsyncPayload : MaxSyncPayload;
        var payload = await LimitedBody.ReadAsync(context.Request, limit, context.RequestAborted) ?? throw new AwsServiceException(413, "RequestTooLargeException",
            $"Request must be smaller than {limit} bytes for the {(invocationType == "Event" ? "InvokeAsync" : "InvokeFunction")} operation");
        if (payload.Length == 0)
        {
            payload = "{}"u8.ToArray(); // the CLI sends nothing without --payload; Lambda passes {}
        }
        try
        {
            using var _ = JsonDocument.Parse(payload);
        }
        catch (JsonException error)
        {
            throw new AwsServiceException(400, "InvalidRequestContentException", "Could not parse request body into json: " + error.Message);
        }

        context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        switch (invocationType)
        {
            case "DryRun":
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "Event":
                context.Response.Headers["x-amzn-RequestId"] = invoker.InvokeAsyncEvent(function, payload);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
        }
        var result = await invoker.InvokeAsync(function, payload, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        if (result.FunctionError is not null)
        {
            context.Response.Headers["X-Amz-Function-Error"] = result.FunctionError;
        }
        await context.Response.Body.WriteAsync(result.Payload, context.RequestAborted);
    }

    /// <summary>A function of the request's region (functions live in the region the template was provisioned in).</summary>
    private LambdaFunctionQueue FindFunction(AwsRequestContext request, string name)
    {
        request.ResourceName = name;
        var function = registry.Find(name);
        return function is not null && function.Configuration.Region == request.Region ? function : throw new AwsServiceException(404, "ResourceNotFoundException",
            $"Function not found: {(name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:lambda:{request.Region}:{request.AccountId}:function:{name}")}");
    }

    private static JsonObject Describe(LambdaFunctionConfiguration configuration)
    {
        var variables = new JsonObject();
        foreach (var (key, value) in configuration.Environment)
        {
            variables[key] = value;
        }
        var described = new JsonObject
        {
            ["FunctionName"] = configuration.FunctionName,
            ["FunctionArn"] = configuration.FunctionArn,
            ["Runtime"] = configuration.Runtime,
            ["Role"] = configuration.Role,
            ["Handler"] = configuration.Handler,
            ["CodeSize"] = 0,
            ["Description"] = configuration.Description ?? string.Empty,
            ["Timeout"] = configuration.Timeout,
            ["MemorySize"] = configuration.MemorySize,
            ["LastModified"] = configuration.LastModified.ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture),
            ["Version"] = "$LATEST",
            ["Environment"] = new JsonObject { ["Variables"] = variables },
            ["TracingConfig"] = new JsonObject { ["Mode"] = "PassThrough" },
            ["State"] = "Active",
            ["LastUpdateStatus"] = "Successful",
            ["PackageType"] = "Zip",
            ["Architectures"] = new JsonArray([.. configuration.Architectures.Select(a => (JsonNode?)a)]),
            ["EphemeralStorage"] = new JsonObject { ["Size"] = 512 },
            ["LoggingConfig"] = new JsonObject { ["LogFormat"] = "Text", ["LogGroup"] = "/aws/lambda/" + configuration.FunctionName },
        };
        return described;
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
