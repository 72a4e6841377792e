using System.Diagnostics;

namespace Shop.LocalAws.Protocol;

/// <summary>
/// The single entry point of every AWS API request on :4566. It parses SigV4 credentials, picks the service
/// endpoint, names the server span as OpenTelemetry's RPC conventions ask (rpc.system <c>aws-api</c>), records
/// the call, and turns <see cref="AwsServiceException"/>s into the service's error format. Anything a service
/// does not recognise must surface as that service's unknown-operation error, never as a silent success.
/// </summary>
public sealed class AwsRequestRouter(IEnumerable<IAwsServiceEndpoint> endpoints, LocalAwsOptions options, AwsCallLog callLog, ILogger<AwsRequestRouter> logger)
{
    private readonly IAwsServiceEndpoint[] _endpoints = [.. endpoints];

    /// <summary>The answer to a request that names no service LocalAws emulates, as AWS's JSON front end gives it.</summary>
    private static readonly byte[] UnknownOperation = """{"__type":"com.amazon.coral.service#UnknownOperationException"}"""u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var credentialError = TryReadCredential(request, out var credential);
        var endpoint = ChooseEndpoint(request, credential);
        var awsRequest = new AwsRequestContext
        {
            Region = credential?.Region ?? options.Region,
            AccountId = options.AccountId,
            Credential = credential,
        };

        if (endpoint is null)
        {
            // Neither a target, a scope nor a path names a service we emulate.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.ContentLength = UnknownOperation.Length;
            await context.Response.Body.WriteAsync(UnknownOperation);
            return;
        }

        try
        {
            if (credentialError is not null)
            {
                throw new AwsServiceException(400, "IncompleteSignatureException", credentialError);
            }
            await endpoint.HandleAsync(context, awsRequest);
        }
        catch (AwsServiceException error)
        {
            if (error.StatusCode == StatusCodes.Status501NotImplemented)
            {
                // A feature LocalAws does not emulate, answered as AWS answers one it lacks: worth a line, not a fault.
                logger.LogWarning("{Service} {Operation}: {Message}", endpoint.ServiceName, awsRequest.Operation, error.Message);
            }
            else if (error.IsServerFault)
            {
                logger.LogError(error, "{Service} {Operation} failed", endpoint.ServiceName, awsRequest.Operation);
            }
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await endpoint.WriteErrorAsync(context, awsRequest, error);
            }
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel found the request malformed while the service read its body: most often a body that ended
            // before its Content-Length because the client went away. The client's fault, answered as Kestrel answers
            // a malformed request (its status, no body, the connection closed), not a failure of ours to log as one.
            logger.LogDebug(error, "{Service} {Operation}: the request's body was malformed", endpoint.ServiceName, awsRequest.Operation);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = error.StatusCode;
                context.Response.Headers.Connection = "close";
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(error, "{Service} {Operation} failed unexpectedly", endpoint.ServiceName, awsRequest.Operation);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await endpoint.WriteErrorAsync(context, awsRequest, AwsServiceException.InternalFailure());
            }
        }
        finally
        {
            Describe(Activity.Current, endpoint, awsRequest, context.Response.StatusCode);
            callLog.Record(new AwsCall(credential?.AccessKeyId, endpoint.SigningName, awsRequest.Operation ?? "Unknown", awsRequest.ResourceName, context.Response.StatusCode));
        }
    }

    private IAwsServiceEndpoint? ChooseEndpoint(HttpRequest request, SigV4Credential? credential)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.IndexOf('.', StringComparison.Ordinal);
            var byTarget = (dot < 0 ? target.AsSpan() : target.AsSpan(0, dot)) switch
            {
                "DynamoDB_20120810" => Find("dynamodb"),
                "AmazonSQS" => Find("sqs"),
                _ => null,
            };
            // A JSON-protocol target names its service; one we do not emulate is an unknown operation, not an S3 request.
            return byTarget;
        }
        if (credential is not null && Find(credential.Service) is { } byScope)
        {
            return byScope;
        }
        return _endpoints.FirstOrDefault(e => e.SigningName != "s3" && e.Matches(request))
            ?? _endpoints.FirstOrDefault(e => e.SigningName == "s3" && e.Matches(request));
    }

    private IAwsServiceEndpoint? Find(string signingName) =>
        Array.Find(_endpoints, e => string.Equals(e.SigningName, signingName, StringComparison.Ordinal));

    /// <summary>Reads the SigV4 credential from the Authorization header or a presigned URL's X-Amz-Credential.</summary>
    private static string? TryReadCredential(HttpRequest request, out SigV4Credential? credential)
    {
        credential = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return SigV4Credential.TryParseAuthorizationHeader(authorization, out credential, out var error) ? null : error;
        }
        var presigned = request.Query["X-Amz-Credential"].ToString();
        if (presigned.Length > 0)
        {
            return SigV4Credential.TryParseScope(presigned, out credential, out var error) ? null : error;
        }
        return null;
    }

    private static void Describe(Activity? activity, IAwsServiceEndpoint endpoint, AwsRequestContext request, int statusCode)
    {
        // ASP.NET Core starts an activity for every request (its log scopes carry the trace id), but only a
        // recorded one reaches a trace: naming and tagging the others would be work for nobody.
        if (activity is null || !activity.Recorded)
        {
            return;
        }
        var operation = request.Operation ?? "Unknown";
        activity.DisplayName = $"{endpoint.ServiceName}.{operation}";
        activity.SetTag("rpc.system", "aws-api");
        activity.SetTag("rpc.service", endpoint.ServiceName);
        activity.SetTag("rpc.method", operation);
        activity.SetTag("cloud.region", request.Region);
        if (request.Credential is not null)
        {
            activity.SetTag("aws.access_key_id", request.Credential.AccessKeyId);
        }
        if (request.ResourceName is not null)
        {
            activity.SetTag("aws.resource", request.ResourceName);
            var conventionTag = endpoint.SigningName switch
            {
                "dynamodb" => "aws.dynamodb.table_names",
                "sqs" => "messaging.destination.name",
                "s3" => "aws.s3.bucket",
                "lambda" => "faas.invoked_name",
                _ => null,
            };
            if (conventionTag is not null)
            {
                activity.SetTag(conventionTag, request.ResourceName);
            }
        }
        if (statusCode >= 400)
        {
            activity.SetStatus(statusCode >= 500 ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
        }
    }
}
