using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Ses;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws;

/// <summary>Registers the SES v2 emulation: its state, operations, protocol endpoint and UI section.</summary>
internal static class SesServiceRegistration
{
    public static IServiceCollection AddSesV2(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection(SesOptions.SectionName).Get<SesOptions>() ?? new SesOptions());
        services.AddSingleton<SesState>();
        services.AddSingleton<EmailIdentityOperations>();
        services.AddSingleton<EmailTemplateOperations>();
        services.AddSingleton<SendEmailOperation>();
        services.AddSingleton<GetAccountOperation>();
        services.AddSingleton<SesV2Endpoint>();
        services.AddSingleton<IAwsServiceEndpoint>(provider => provider.GetRequiredService<SesV2Endpoint>());
        services.AddSingleton<ILocalAwsUiSection, SesUiSection>();
        return services;
    }
}
