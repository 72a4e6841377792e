using Shop.LocalAws.S3;
using Shop.LocalAws.Ses;
using Shop.LocalAws.Sqs;

namespace Shop.LocalAws;

/// <summary>The emulated services, registered once each. Add a service's endpoint, state and UI section here.</summary>
internal static class LocalAwsServices
{
    public static void Add(IServiceCollection services)
    {
        DynamoDb.DynamoDbServices.Add(services);
        services.AddSqs();
        services.AddLocalS3();
        services.AddSesV2();
    }
}
