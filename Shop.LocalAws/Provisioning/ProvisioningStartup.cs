using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Shop.LocalAws.Provisioning;

/// <summary>Runs provisioning once Kestrel listens, since provisioning calls LocalAws's own wire APIs.</summary>
internal sealed class ProvisioningStartup(TemplateProvisioner provisioner, IServer server, IHostApplicationLifetime lifetime, LocalAwsOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
                .Replace("[::]", "localhost", StringComparison.Ordinal)
                .Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
            var backend = string.IsNullOrWhiteSpace(options.AwsBackendUrl) ? address : options.AwsBackendUrl;
            _ = Task.Run(() => provisioner.ProvisionAsync(new Uri(backend), lifetime.ApplicationStopping));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
