using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.S3.Protocol;
using Shop.LocalAws.S3.State;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.S3;

/// <summary>Registers the S3 emulation: its endpoint, its store and its UI section.</summary>
public static class S3ServiceCollectionExtensions
{
    public static IServiceCollection AddLocalS3(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<S3Store>();
        services.AddSingleton<IAwsServiceEndpoint, S3Endpoint>();
        services.AddSingleton<ILocalAwsUiSection, S3UiSection>();
        return services;
    }
}
