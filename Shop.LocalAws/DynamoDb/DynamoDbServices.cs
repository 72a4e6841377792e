using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.LocalAws.DynamoDb.Protocol;
using Shop.LocalAws.DynamoDb.State;
using Shop.LocalAws.Protocol;
using Shop.LocalAws.Ui;

namespace Shop.LocalAws.DynamoDb;

/// <summary>Registers the emulated DynamoDB: its state, its actions, its wire endpoint and its UI section.</summary>
internal static class DynamoDbServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DynamoDbState>();
        services.AddHostedService<TimeToLiveSweeper>();
        foreach (var operation in typeof(DynamoDbOperation).Assembly.GetTypes()
                     .Where(t => t.IsSubclassOf(typeof(DynamoDbOperation)) && !t.IsAbstract))
        {
            services.AddSingleton(typeof(DynamoDbOperation), operation);
        }
        services.AddSingleton<IAwsServiceEndpoint, DynamoDbEndpoint>();
        services.AddSingleton<ILocalAwsUiSection, DynamoDbUiSection>();
    }
}
