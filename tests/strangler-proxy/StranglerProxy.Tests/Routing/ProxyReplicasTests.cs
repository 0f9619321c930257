using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Routing;

/// <summary>
/// Two proxy processes reading one plan file, as replicas behind a load balancer read one mounted
/// ConfigMap: every sticky key is routed to the same side by both, and both pick up a flip.
/// </summary>
public sealed class ProxyReplicasTests : IAsyncLifetime
{
    private const int Users = 300;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("proxy-replicas-");
    private Backend _legacy = null!;
    private Backend _service = null!;
    private ProxyProcess _first = null!;
    private ProxyProcess _second = null!;

    private string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    public async ValueTask InitializeAsync()
    {
        _legacy = await Backend.StartAsync(PlanJson.Legacy);
        _service = await Backend.StartAsync(ProxyHost.Service);
        await WritePlanAsync(new ModuleSpec("catalog", ProxyHost.Service, "canary", Percent: 30));
        var services = new Dictionary<string, Uri> { [PlanJson.Legacy] = _legacy.Address, [ProxyHost.Service] = _service.Address };
        Task<ProxyProcess>[] starts = [ProxyProcess.StartAsync(PlanPath, services), ProxyProcess.StartAsync(PlanPath, services)];
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            // The replica that did start is not left running.
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        (_first, _second) = (starts[0].Result, starts[1].Result);
    }

    [Fact]
    public async Task TwoReplicas_SamePlan_RouteEveryStickyKeyAlikeAndBothPickUpAFlip()
    {
        var first = await SidesAsync(_first);
        var second = await SidesAsync(_second);

        Assert.Equal(first, second);
        var extracted = first.Count(side => side == "extracted");
        Assert.InRange(extracted, Users * 20 / 100, Users * 40 / 100); // 30 % of the keys, give or take the hash.

        // The flip: one edit of the shared file, as a ConfigMap update reaches every replica's mount.
        await WritePlanAsync(new ModuleSpec("catalog", ProxyHost.Service, "extracted"));
        foreach (var replica in new[] { _first, _second })
        {
            await Eventually.MatchAsync(() => SidesAsync(replica), sides => sides.All(side => side == "extracted"),
                $"the replica at {replica.Address} routes every key to the service");
        }
    }

    /// <summary>The side each user's request was served by, in user order.</summary>
    private static async Task<List<string?>> SidesAsync(ProxyProcess replica)
    {
        var sides = new List<string?>(Users);
        for (var user = 0; user < Users; user++)
        {
            sides.Add((await replica.Client.GetAsUserAsync("/api/catalog/products", $"user-{user}")).ServedBy);
        }

        return sides;
    }

    private Task WritePlanAsync(ModuleSpec catalog) =>
        PlanEdit.WriteAtomicallyAsync(PlanPath, PlanJson.With(catalog), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _first, _second, _legacy, _service })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        _folder.Delete(recursive: true);
    }
}
