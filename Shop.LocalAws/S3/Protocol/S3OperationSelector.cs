namespace Shop.LocalAws.S3.Protocol;

/// <summary>
/// Names the S3 operation of a request from its method, whether it addresses a bucket and a key, its subresource
/// query parameters and a few headers, as S3 itself does. Operations LocalAws does not implement are answered as S3
/// answers functionality it lacks (501 NotImplemented); a method S3 does not allow on the resource is 405.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
/// </summary>
public static class S3OperationSelector
{
    /// <summary>Subresources of operations LocalAws does not implement (bucket and object configuration APIs).</summary>
    private static readonly string[] UnimplementedSubresources =
    [
        "acl", "accelerate", "analytics", "attributes", "cors", "encryption", "intelligent-tiering", "inventory",
        "legal-hold", "lifecycle", "logging", "metadataConfiguration", "metadataTable", "metrics", "notification",
        "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "renameObject", "replication",
        "requestPayment", "restore", "retention", "select", "session", "tagging", "torrent", "versioning", "versions",
        "website", "abac",
    ];

    public static string Select(HttpRequest request, string? bucket, string? key)
    {
        var query = request.Query;
        var method = request.Method;

        if (bucket is null)
        {
            return HttpMethods.IsGet(method)
                ? "ListBuckets"
                : throw S3Errors.MethodNotAllowed(method, "SERVICE", "GET");
        }

        foreach (var subresource in UnimplementedSubresources)
        {
            if (query.ContainsKey(subresource))
            {
                throw S3Errors.NotImplemented("?" + subresource);
            }
        }

        if (key is null)
        {
            if (HttpMethods.IsGet(method))
            {
                return query.ContainsKey("location") ? "GetBucketLocation"
                    : query.ContainsKey("uploads") ? "ListMultipartUploads"
                    : query["list-type"].ToString() == "2" ? "ListObjectsV2"
                    : "ListObjects";
            }
            if (HttpMethods.IsHead(method))
            {
                return "HeadBucket";
            }
            if (HttpMethods.IsPut(method))
            {
                return "CreateBucket";
            }
            if (HttpMethods.IsDelete(method))
            {
                return "DeleteBucket";
            }
            if (HttpMethods.IsPost(method))
            {
                // POST to a bucket without ?delete is a browser form upload (PostObject).
                return query.ContainsKey("delete") ? "DeleteObjects" : throw S3Errors.NotImplemented("PostObject");
            }
            throw S3Errors.MethodNotAllowed(method, "BUCKET", "GET, HEAD, PUT, DELETE, POST");
        }

        var hasUploadId = query.ContainsKey("uploadId");
        if (HttpMethods.IsGet(method))
        {
            return hasUploadId ? "ListParts" : "GetObject";
        }
        if (HttpMethods.IsHead(method))
        {
            return "HeadObject";
        }
        if (HttpMethods.IsPut(method))
        {
            var isCopy = request.Headers.ContainsKey("x-amz-copy-source");
            if (hasUploadId || query.ContainsKey("partNumber"))
            {
                return isCopy ? throw S3Errors.NotImplemented("x-amz-copy-source") : "UploadPart";
            }
            return isCopy ? "CopyObject" : "PutObject";
        }
        if (HttpMethods.IsDelete(method))
        {
            return hasUploadId ? "AbortMultipartUpload" : "DeleteObject";
        }
        if (HttpMethods.IsPost(method))
        {
            return query.ContainsKey("uploads") ? "CreateMultipartUpload"
                : hasUploadId ? "CompleteMultipartUpload"
                : throw S3Errors.MethodNotAllowed(method, "OBJECT", "GET, HEAD, PUT, DELETE");
        }
        throw S3Errors.MethodNotAllowed(method, "OBJECT", "GET, HEAD, PUT, DELETE, POST");
    }
}
