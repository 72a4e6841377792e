using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Sqs.Operations;
using Shop.LocalAws.Sqs.Protocol;
using Shop.LocalAws.Sqs.State;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.Sqs;

/// <summary>Registers the SQS emulation: its state, every operation, the wire endpoint and the UI section.</summary>
public static class SqsServices
{
    public static IServiceCollection AddSqs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqsState>();
        foreach (var operation in typeof(SqsOperation).Assembly.GetTypes()
                     .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(SqsOperation))))
        {
            services.AddSingleton(typeof(SqsOperation), operation);
        }
        services.AddSingleton<SqsEndpoint>();
        services.AddSingleton<IAwsServiceEndpoint>(sp => sp.GetRequiredService<SqsEndpoint>());
        services.AddSingleton<ILocalAwsUiSection, SqsUiSection>();
        return services;
    }
}
