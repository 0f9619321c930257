extern alias proxy;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;
using Estate.Testing;

namespace Catalog.Service.Tests.BackFlip;

/// <summary>
/// Moving catalog's data owner back to the monolith under load, on the real estate (monolith, catalog-service,
/// catalog-sync as its own process, the proxy in front): by an operator to each stage where the monolith owns
/// the data, and by the automatic rollback; with the sync stopped the move is refused and nothing is lost.
/// </summary>
public sealed class BackFlipTests(CatalogEstateWithSyncWorker estate) : IClassFixture<CatalogEstateWithSyncWorker>, IAsyncLifetime
{
    private const int Writers = 8;

    private FaultyFront _front = null!;
    private LoopbackHost<proxy::Program> _proxy = null!;
    private HttpClient _frontDoor = null!;
    private HttpClient _admin = null!;

    /// <summary>Long: the drain shares a loaded machine with eight writers; a stall must not refuse the move.</summary>
    private static readonly TimeSpan Fence = TimeSpan.FromSeconds(30);

    public async ValueTask InitializeAsync()
    {
        _front = await FaultyFront.StartAsync(estate.ServiceAddress);
        _proxy = estate.StartProxy(overrides: new Dictionary<string, string?>
        {
            ["Services:catalog-service:http:0"] = _front.Address.ToString(),
            ["Migration:OwnerFlipFence"] = Fence.ToString(),
        });
        _frontDoor = _proxy.CreateClient();
        _admin = Estate.Testing.Estate.AdminClient(_proxy);
        // Every test starts with the service owning the data: a fenced move forward (forced past the gate, not tested here).
        using var forward = await MoveAsync("extracted", force: true);
        Assert.True(forward.StatusCode == HttpStatusCode.OK, await forward.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("canary", 50.0)]
    [InlineData("shadow", null)]
    [InlineData("legacy", null)]
    public async Task MoveBack_UnderConcurrentWrites_NoAcknowledgedWriteIsLost(string stage, double? percent)
    {
        await using var writers = await PriceWriters.StartAsync(_frontDoor, estate.Legacy, Writers);
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("extracted")), n => n >= 40, "writes reach the service through the proxy");

        using var back = await MoveAsync(stage, percent: percent);
        Assert.True(back.StatusCode == HttpStatusCode.OK, await back.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var servedBefore = writers.ServedBy("legacy");
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("legacy") - servedBefore), n => n >= 40, "writes reach the monolith after the move");
        var writes = await writers.StopAsync();

        Assert.All(writes, w => Assert.True(w.Status == HttpStatusCode.OK, $"{w.Product} {w.Price} ({w.ServedBy}): {(int)w.Status} {w.Error}"));
        await NoWriteLost.InAsync(estate.Legacy, "monolith", writes);
        await NoWriteLost.ReconciledAsync(estate);
        await NoWriteLost.InAsync(estate.Service, "service", writes);
    }

    [Fact]
    public async Task MoveBack_FromRetired_TheMonolithCatchesUpFirstAndNoWriteIsLost()
    {
        await using var writers = await PriceWriters.StartAsync(_frontDoor, estate.Legacy, Writers);
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("extracted")), n => n >= 20, "writes reach the service through the proxy");
        using (var retire = await MoveAsync("retired"))
        {
            Assert.True(retire.StatusCode == HttpStatusCode.OK, await retire.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // Retired: the monolith's copy no longer follows, while the service takes (and logs) writes.
        var servedAtRetirement = writers.ServedBy("extracted");
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("extracted") - servedAtRetirement), n => n >= 40, "writes reach the retired module's service");
        Assert.NotEqual(0, (await estate.StatusAsync())["pendingChanges"]!.GetValue<int>());

        using var back = await MoveAsync("canary", percent: 50);
        Assert.True(back.StatusCode == HttpStatusCode.OK, await back.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var servedBefore = writers.ServedBy("legacy");
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("legacy") - servedBefore), n => n >= 40, "writes reach the monolith after the move");
        var writes = await writers.StopAsync();

        Assert.All(writes, w => Assert.True(w.Status == HttpStatusCode.OK, $"{w.Product} {w.Price} ({w.ServedBy}): {(int)w.Status} {w.Error}"));
        var audit = (await _admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!;
        Assert.Equal([("retired", "extracted"), ("extracted", "canary")],
            audit.TakeLast(2).Select(e => (e!["from"]!.GetValue<string>(), e["to"]!.GetValue<string>())));
        await NoWriteLost.InAsync(estate.Legacy, "monolith", writes);
        await NoWriteLost.ReconciledAsync(estate);
    }

    [Fact]
    public async Task AutomaticRollback_ServiceFailsItsReads_IsFencedAndLosesNoWrite()
    {
        await using var writers = await PriceWriters.StartAsync(_frontDoor, estate.Legacy, Writers);
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("extracted")), n => n >= 40, "writes reach the service through the proxy");

        _front.FailReads = true;
        using var readers = new CancellationTokenSource();
        var reads = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!readers.IsCancellationRequested)
            {
                using var response = await _frontDoor.GetAsync($"/api/catalog/products/{writers.Products[0]}", CancellationToken.None);
            }
        })).ToList();
        try
        {
            await Eventually.MatchAsync(StageAsync, stage => stage != "extracted", "the proxy rolls catalog back", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await readers.CancelAsync();
            await Task.WhenAll(reads);
            _front.FailReads = false;
        }

        var servedBefore = writers.ServedBy("legacy");
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("legacy") - servedBefore), n => n >= 40, "writes reach the monolith after the rollback");
        var writes = await writers.StopAsync();

        Assert.All(writes, w => Assert.True(w.Status == HttpStatusCode.OK, $"{w.Product} {w.Price} ({w.ServedBy}): {(int)w.Status} {w.Error}"));
        var audit = (await _admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!;
        var rollback = audit.Last()!;
        Assert.Equal(("strangler-proxy (automatic rollback)", "extracted"), (rollback["actor"]!.GetValue<string>(), rollback["from"]!.GetValue<string>()));
        await NoWriteLost.InAsync(estate.Legacy, "monolith", writes);
        await NoWriteLost.ReconciledAsync(estate);
    }

    [Fact]
    public async Task MoveBack_SyncStopped_IsRefusedAndLosesNoWrite()
    {
        var before = await File.ReadAllTextAsync(estate.PlanPath, TestContext.Current.CancellationToken);
        await using var writers = await PriceWriters.StartAsync(_frontDoor, estate.Legacy, Writers);
        await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("extracted")), n => n >= 20, "writes reach the service through the proxy");
        await estate.StopSyncWorkerAsync(estate.Module);
        try
        {
            await Eventually.MatchAsync(() => Task.FromResult(writers.ServedBy("extracted")), n => n >= 60, "the service logs writes nobody applies");
            using var refused = await MoveAsync("canary", percent: 50, fence: TimeSpan.FromSeconds(3));
            var writes = await writers.StopAsync();

            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();
            Assert.Contains("the service's change log did not drain into the monolith", detail, StringComparison.Ordinal);
            Assert.Equal("extracted", await StageAsync());
            Assert.Equal(before, await File.ReadAllTextAsync(estate.PlanPath, TestContext.Current.CancellationToken));
            var entry = (await _admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!.Last()!;
            Assert.Equal(("extracted", "extracted"), (entry["from"]!.GetValue<string>(), entry["to"]!.GetValue<string>()));
            Assert.Contains("refused", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.All(writes, w => Assert.True(w.Status == HttpStatusCode.OK && w.ServedBy == "extracted", $"{w.Product} {w.Price} ({w.ServedBy}): {(int)w.Status} {w.Error}"));
            await NoWriteLost.InAsync(estate.Service, "service", writes);

            // Once catalog-sync runs again, the monolith catches up with every write the service took.
            estate.StartSyncWorker(estate.Module);
            await NoWriteLost.ReconciledAsync(estate);
            await NoWriteLost.InAsync(estate.Legacy, "monolith", writes);
        }
        finally
        {
            if (!estate.IsSyncWorkerRunning(estate.Module))
            {
                estate.StartSyncWorker(estate.Module);
            }
        }
    }

    private async Task<HttpResponseMessage> MoveAsync(string stage, double? percent = null, bool force = false, TimeSpan? fence = null)
    {
        var proxy = _proxy;
        if (fence is { } shorter)
        {
            // A proxy with a short fence, as the refusal is waited out; it follows the same plan.
            proxy = estate.StartProxy(overrides: new Dictionary<string, string?>
            {
                ["Services:catalog-service:http:0"] = _front.Address.ToString(),
                ["Migration:OwnerFlipFence"] = shorter.ToString(),
            });
        }

        try
        {
            using var admin = Estate.Testing.Estate.AdminClient(proxy);
            return await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                new { stage, percent, reason = $"back-flip test: {stage}", force }, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (proxy != _proxy)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    private async Task<string> StageAsync()
    {
        var status = (await _admin.GetFromJsonAsync<JsonObject>("/migration/api/status", TestContext.Current.CancellationToken))!;
        return status["modules"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "catalog")!["stage"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _frontDoor.Dispose();
        await _proxy.DisposeAsync();
        await _front.DisposeAsync();
    }
}
