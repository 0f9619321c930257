extern alias proxy;

namespace Catalog.Service.Tests.Infrastructure;

/// <summary>A test of the estate with the strangler proxy in front, catalog at the given stage once the sync lag is zero.</summary>
public abstract class BehindTheProxy(CatalogEstate estate, string stage, double? canaryPercent = null) : IAsyncLifetime
{
    protected LoopbackHost<proxy::Program> Proxy { get; private set; } = null!;

    protected CatalogEstate Estate => estate;

    public async ValueTask InitializeAsync()
    {
        await estate.WaitForChangeSyncAsync();
        await estate.SetStageAsync(stage, canaryPercent);
        Proxy = estate.StartProxy();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
    }
}
