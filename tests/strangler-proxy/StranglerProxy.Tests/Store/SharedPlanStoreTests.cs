using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Plan.Transitions;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Store;

/// <summary>
/// Three proxy processes on one PostgreSQL plan store: they register with leases, serve one version, take
/// a change made through any of them at once, settle two changes made at once by compare-and-swap, find a
/// change whose notification was lost, and never let an edited plan file overwrite the store.
/// </summary>
public sealed class SharedPlanStoreTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> ShortLeases = new()
    {
        ["Migration:Store:LeaseDuration"] = "00:00:03",
        ["Migration:Store:RenewInterval"] = "00:00:00.500",
    };

    private StoreReplicas _estate = null!;

    public async ValueTask InitializeAsync() =>
        _estate = await StoreReplicas.StartAsync(3, PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")), ShortLeases);

    [Fact]
    public async Task EveryReplica_IsRegisteredLiveAndServesTheStoresVersion()
    {
        foreach (var replica in _estate.Replicas)
        {
            var status = await Eventually.MatchAsync(() => StoreReplicas.StatusOfAsync(replica),
                s => s.Replicas is { Count: 3 } all && all.All(r => r.Live && r.PlanVersion == s.Plan.Version),
                $"the status of {replica.Address} lists three live replicas on its version");
            Assert.Equal(1, status.Plan.Version);
            Assert.Contains("PostgreSQL store", status.Plan.File, StringComparison.Ordinal);
            Assert.Single(status.Replicas!, r => r.Self);
            Assert.Equal(["replica-1", "replica-2", "replica-3"], status.Replicas!.Select(r => r.Id).Order());
        }
    }

    [Fact]
    public async Task AChangeThroughOneReplica_IsServedByEveryReplica_AndAuditedOnceInTheStore()
    {
        using var alice = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        using var response = await alice.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new ChangeStageRequest("canary", 100, "all readers to the service", Force: true), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        foreach (var replica in _estate.Replicas)
        {
            await Eventually.MatchAsync(async () => (await replica.Client.GetAsUserAsync("/api/catalog/products", "someone")).ServedBy,
                side => side == "extracted", $"the replica at {replica.Address} serves catalog's reads from the service");
        }

        using var other = StoreReplicas.AdminOf(_estate.Replicas[2]);
        var audit = await other.GetFromJsonAsync<List<AuditEntry>>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken);
        var entry = Assert.Single(audit!);
        Assert.Equal(("alice", "legacy", "canary", 100.0), (entry.Actor, entry.From, entry.To, entry.ToPercent!.Value));
        Assert.Equal<object?>(2, await _estate.ScalarAsync("SELECT plan_version FROM migration.audit WHERE module = 'catalog'"));
    }

    [Fact]
    public async Task TwoChangesAtOnceThroughTwoReplicas_ExactlyOneWins_TheOtherIsToldTheCurrentVersion()
    {
        using var alice = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        using var carol = StoreReplicas.AdminOf(_estate.Replicas[1], ProxyHost.TokenOf("carol"));
        var seen = (await StoreReplicas.StatusOfAsync(_estate.Replicas[0])).Plan.Version;

        var responses = await Task.WhenAll(
            alice.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                new ChangeStageRequest("shadow", null, "alice's change", ExpectedVersion: seen), TestContext.Current.CancellationToken),
            carol.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                new ChangeStageRequest("canary", 10, "carol's change", Force: true, ExpectedVersion: seen), TestContext.Current.CancellationToken));
        try
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var lost = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            using var problem = JsonDocument.Parse(await lost.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(seen + 1, problem.RootElement.GetProperty("currentVersion").GetInt32());

            var won = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
            var stage = (await won.Content.ReadFromJsonAsync<ModuleStatus>(TestContext.Current.CancellationToken))!.Stage;
            Assert.Equal<object?>(seen + 1, await _estate.ScalarAsync("SELECT version FROM migration.plan"));
            Assert.Equal<object?>(1L, await _estate.ScalarAsync("SELECT count(*) FROM migration.audit WHERE module = 'catalog'"));
            foreach (var replica in _estate.Replicas)
            {
                await Eventually.MatchAsync(() => StoreReplicas.StatusOfAsync(replica), s => s.Modules.Single().Stage == stage,
                    $"the replica at {replica.Address} serves the change that won");
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task AChangeWhoseNotificationIsLost_IsFoundByTheSlowPoll()
    {
        // Written behind the proxies' backs, with no notification: only the poll (1 s here) can find it.
        var shadow = PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", Percent: 100));
        await _estate.ScalarAsync(
            $"UPDATE migration.plan SET version = version + 1, content = '{shadow.Replace("'", "''", StringComparison.Ordinal)}', content_hash = 'by-hand'");

        foreach (var replica in _estate.Replicas)
        {
            await Eventually.MatchAsync(async () => (await replica.Client.GetAsUserAsync("/api/catalog/products", "someone")).ServedBy,
                side => side == "extracted", $"the replica at {replica.Address} found the change by polling");
        }
    }

    [Fact]
    public async Task AReplicaStartedOnAnEditedPlanFile_ServesTheStoresPlanAndSaysTheFileDiffers()
    {
        await File.WriteAllTextAsync(_estate.PlanPath, PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")), TestContext.Current.CancellationToken);
        await using var late = await _estate.StartReplicaAsync("replica-late", ShortLeases);

        var status = await StoreReplicas.StatusOfAsync(late);
        Assert.Equal(("legacy", 1), (status.Modules.Single().Stage, status.Plan.Version));
        Assert.Contains("differs", status.Plan.FileDiffers, StringComparison.Ordinal);
        Assert.Equal<object?>(1L, await _estate.ScalarAsync("SELECT count(*) FROM migration.plan"));
    }

    [Fact]
    public async Task AKilledReplica_IsShownExpiredOnceItsLeaseRunsOut()
    {
        await _estate.Replicas[2].KillAsync();

        var status = await Eventually.MatchAsync(() => StoreReplicas.StatusOfAsync(_estate.Replicas[0]),
            s => s.Replicas!.Any(r => r.Id == "replica-3" && !r.Live), "replica-3 is shown expired");
        Assert.All(status.Replicas!.Where(r => r.Id != "replica-3"), r => Assert.True(r.Live));
    }

    public ValueTask DisposeAsync() => _estate?.DisposeAsync() ?? ValueTask.CompletedTask;
}
