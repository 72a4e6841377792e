using Shop.LocalAws;

// LocalAws: DynamoDB, SQS, SES v2 and S3 on http://localhost:4566, spoken to by the unmodified AWS SDKs.
//   dotnet run --project Shop.LocalAws [-- --data-dir ./.localaws-data] [--port 4566]
var app = LocalAwsApp.Build(args);
await app.RunAsync();
