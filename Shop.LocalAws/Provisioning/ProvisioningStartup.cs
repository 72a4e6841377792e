using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Shop.LocalAws.Provisioning;

/// <summary>Runs provisioning once Kestrel listens, since provisioning calls LocalAws's own wire APIs.</summary>
internal sealed class ProvisioningStartup(TemplateProvisioner provisioner, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
                .Replace("[::]", "localhost", StringComparison.Ordinal)
                .Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
            _ = Task.Run(() => provisioner.ProvisionAsync(new Uri(address), lifetime.ApplicationStopping));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
