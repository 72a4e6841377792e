using Shop.LocalAws.Protocol;
using Shop.LocalAws.Sqs;
using Shop.LocalAws.S3;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws;

/// <summary>The emulated services, registered once each. Add a service's endpoint, state and UI section here.</summary>
internal static class LocalAwsServices
{
    public static void Add(IServiceCollection services)
    {
        DynamoDb.DynamoDbServices.Add(services);
        _ = typeof(IAwsServiceEndpoint);
        _ = typeof(ILocalAwsUiSection);
        services.AddSqs();
        services.AddLocalS3();
        services.AddSesV2();
    }
}
