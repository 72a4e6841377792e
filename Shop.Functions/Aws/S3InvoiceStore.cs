using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Functions.Orders;

namespace Shop.Functions.Aws;

/// <summary>The invoice bucket: <c>invoices/{orderId}.txt</c>, handed to shoppers as short-lived presigned GET links.</summary>
public sealed class S3InvoiceStore(IAmazonS3 s3, string bucketName, bool linksUseHttp, TimeProvider time) : IInvoiceStore
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    public static string KeyOf(string orderId) => $"invoices/{orderId}.txt";

    public async Task<string> PutAsync(string orderId, string text, CancellationToken cancellationToken)
    {
        var key = KeyOf(orderId);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucketName,
            Key = key,
            ContentBody = text,
            ContentType = "text/plain; charset=utf-8",
            Headers = { ContentDisposition = $"inline; filename=\"invoice-{orderId}.txt\"" },
        }, cancellationToken);
        return key;
    }

    public Uri GetDownloadUrl(string key) => new(s3.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = bucketName,
        Key = key,
        Verb = HttpVerb.GET,
        Expires = (time.GetUtcNow() + LinkLifetime).UtcDateTime,
        // Locally the endpoint (AWS_ENDPOINT_URL_S3) is plain http on localhost, reachable from the shopper's browser.
        Protocol = linksUseHttp ? Protocol.HTTP : Protocol.HTTPS,
    }));
}
