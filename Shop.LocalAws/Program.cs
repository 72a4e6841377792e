using Shop.LocalAws;
using Shop.LocalAws.CloudFront;

// LocalAws: DynamoDB, SQS, SES v2, S3, Lambda and HTTP APIs on http://localhost:4566, spoken to by the unmodified AWS SDKs.
//   dotnet run --project Shop.LocalAws [-- --data-dir ./.localaws-data] [--port 4566] [--template infra/shop.template.yaml]
// The same executable is the shopper's single origin in CloudFront's role:
//   dotnet run --project Shop.LocalAws -- --role origin --port 8080 --template infra/shop.template.yaml [--site-roots DIR]
WebApplication app;
if (LocalOrigin.IsOriginRole(args))
{
    app = LocalOrigin.Build(args);
}
else
{
    SocketTransport.PreferInlineCompletions();
    app = LocalAwsApp.Build(args);
}
await app.RunAsync();
