using Shop.LocalAws.ApiGateway;
using Shop.LocalAws.EventSources;
using Shop.LocalAws.Lambda;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Provisioning;
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
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, TimeProvider.System);
        services.AddSingleton<LambdaFunctionRegistry>().AddSingleton<LambdaInvoker>().AddSingleton<LambdaRuntimeApi>().AddSingleton<IAwsServiceEndpoint, LambdaEndpoint>();
        services.AddSingleton<HttpApiRegistry>().AddSingleton<HttpApiGateway>();
        services.AddSingleton<SqsEventSourcePoller>();
        services.AddSingleton<TemplateProvisioner>().AddHostedService<ProvisioningStartup>();
        services.AddSingleton<Ui.ILocalAwsUiSection, ServerlessUiSection>();
        services.AddSqs();
        services.AddLocalS3();
        services.AddSesV2();
    }
}
