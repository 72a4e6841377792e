using Shop.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var shop = ShopLayout.From(builder);

// Emulated AWS on LocalStack's port: DynamoDB, SQS, SES v2, S3, Lambda and the HTTP API, provisioned from the template.
// With `--aws-backend localstack` the data plane is LocalStack's (docker-compose.yml) and LocalAws moves to :4567.
var localAws = builder.AddProject<Projects.Shop_LocalAws>("localaws")
    .WithHttpEndpoint(port: shop.LocalAwsPort, name: "http", isProxied: false)
    .WithArgs("--port", shop.LocalAwsPort.ToString(), "--template", shop.TemplatePath, "--data-dir", shop.DataDirectory,
        "--aws-backend-url", shop.AwsEndpointUrl)
    .WithHttpHealthCheck("/_localaws/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "LocalAws UI")
    .WithUrl($"{shop.LocalAwsUrl}/_localaws", "LocalAws UI (/_localaws)");

// One resource per Lambda function of the template: a supervisor that starts execution environments on demand.
foreach (var function in shop.Functions)
{
    builder.AddProject<Projects.Shop_LocalAws_LambdaRunner>(function)
        .WithArgs("--supervise", "--function", function, "--code-dir", shop.FunctionsDirectory, "--localaws", shop.LocalAwsUrl,
            "--aws-endpoint", shop.AwsEndpointUrl)
        .WithParentRelationship(localAws)
        .WaitFor(localAws);
}

// The shopper's single origin (CloudFront's role): the storefront's files, and /api/* to the HTTP API.
builder.AddProject<Projects.Shop_LocalAws>("web")
    .WithHttpEndpoint(port: shop.WebPort, name: "http", isProxied: false)
    .WithArgs("--role", "origin", "--port", shop.WebPort.ToString(), "--template", shop.TemplatePath,
        "--localaws", shop.LocalAwsUrl, "--site-roots", string.Join(';', shop.SiteRoots))
    .WithUrlForEndpoint("http", url => url.DisplayText = "Shop")
    .WaitFor(localAws);

// The catalog, once LocalAws is up: the template's seed function, through Lambda's Invoke API (idempotent).
localAws.WithCatalogSeed(shop);

builder.Build().Run();
