using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.DynamoDb;

/// <summary>LocalAws and dynalite 4 side by side, for differential tests. Tables become ACTIVE at once in both.</summary>
public sealed class DynaliteFixture : LocalAwsFixture
{
    private NodeOracle? _dynalite;

    public Uri DynaliteUrl => _dynalite?.BaseUrl ?? throw new InvalidOperationException("dynalite is not started.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _dynalite = await NodeOracle.StartAsync("node_modules/dynalite/cli.js", "--port {port} --createTableMs 0 --deleteTableMs 0 --updateTableMs 0");
    }

    public override async Task DisposeAsync()
    {
        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
