var builder = DistributedApplication.CreateBuilder(args);

// Emulated AWS (DynamoDB, SQS, SES v2, S3) on LocalStack's port, so AWS CLI habits carry over.
var localAws = builder.AddProject<Projects.Shop_LocalAws>("localaws")
    .WithHttpEndpoint(port: 4566, name: "http", isProxied: false)
    .WithHttpHealthCheck("/_localaws/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "LocalAws UI");

builder.Build().Run();
