using System.Net;
using System.Net.Http.Json;
using Plan.Transitions;
using StranglerProxy.Safety;
using StranglerProxy.Store;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Store;

/// <summary>
/// Three proxy processes on one store decide on their evidence together: failures spread over them, each
/// replica under the rollback's minimum alone, roll the module back exactly once; and shadow comparisons
/// made through all three open the promotion gate that one replica's share alone keeps shut.
/// </summary>
public sealed class EvidenceAcrossReplicasTests : IAsyncDisposable
{
    private StoreReplicas? _estate;

    [Fact]
    public async Task FailuresSpreadOverThreeReplicas_EachUnderTheThresholdAlone_RollTheModuleBackExactlyOnce()
    {
        var rollback = new { maxErrorRate = 0.5, window = "00:01:00", minRequests = 30 };
        _estate = await StoreReplicas.StartAsync(3, PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted", Percent: 25) { Rollback = rollback }));

        // 12 failed answers through each of the first two: 24 in all, under the minimum of 30; nobody acts.
        await FailAsync(_estate.Replicas[0], 12);
        await FailAsync(_estate.Replicas[1], 12);
        await Task.Delay(EvidenceExchange.Interval * 3, TestContext.Current.CancellationToken);
        Assert.Equal("extracted", (await StoreReplicas.StatusOfAsync(_estate.Replicas[2])).Modules.Single().Stage);

        // 12 more through the third: 12 alone is under the minimum too, 36 together are over it.
        await FailAsync(_estate.Replicas[2], 12);
        foreach (var replica in _estate.Replicas)
        {
            await Eventually.MatchAsync(() => StoreReplicas.StatusOfAsync(replica), s => s.Modules.Single().Stage == "canary",
                $"the replica at {replica.Address} serves catalog rolled back to canary");
        }

        // Every replica saw the failures; only one change is made, however long they go on looking.
        await Task.Delay(EvidenceExchange.Interval * 3, TestContext.Current.CancellationToken);
        using var admin = StoreReplicas.AdminOf(_estate.Replicas[1]);
        var audit = await admin.GetFromJsonAsync<List<AuditEntry>>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken);
        var entry = Assert.Single(audit!, e => e.Actor == AutomaticRollback.Actor);
        Assert.Equal(("extracted", "canary"), (entry.From, entry.To));
        // Decided on answers counted through more than one replica: no replica saw more than 12.
        var counted = System.Text.RegularExpressions.Regex.Match(entry.Reason, @"(\d+) of (\d+) answers");
        Assert.InRange(int.Parse(counted.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 30, 36);
        Assert.Equal("canary", (await StoreReplicas.StatusOfAsync(_estate.Replicas[0])).Modules.Single().Stage);
    }

    [Fact]
    public async Task ShadowComparisonsThroughEveryReplica_OpenTheGateOneReplicasShareKeepsShut()
    {
        var shadow = new { promotion = new { minComparisons = 30, maxMismatchRate = 0.1 } };
        _estate = await StoreReplicas.StartAsync(3, PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow") { Shadow = shadow }));
        _estate.Legacy.Answer("/api/catalog/products", """{"items":[1,2,3]}""");
        _estate.Service.Answer("/api/catalog/products", """{"items":[1,2,3]}""");
        using var alice = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));

        await CompareAsync(_estate.Replicas[0], 12);
        using (var shut = await PromoteAsync(alice))
        {
            Assert.Equal(HttpStatusCode.Conflict, shut.StatusCode);
        }

        await CompareAsync(_estate.Replicas[1], 12);
        await CompareAsync(_estate.Replicas[2], 12);
        await Eventually.MatchAsync(() => StoreReplicas.StatusOfAsync(_estate.Replicas[0]), s => s.Modules.Single().Shadow!.Compared == 36,
            "replica-1 counts the comparisons of all three");
        using var open = await PromoteAsync(alice);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("canary", (await open.Content.ReadFromJsonAsync<ModuleStatus>(TestContext.Current.CancellationToken))!.Stage);
    }

    [Fact]
    public async Task ARoutesMismatchesSpreadOverThreeReplicas_AreWeighedTogetherOnThatRoute()
    {
        // 40 matching reads and 4 mismatching reads of another route through each replica: 12 of 132 in all (9 %, within
        // the 10 % allowed), but every comparison of that route (12, enough to judge it) mismatched.
        var shadow = new { promotion = new { minComparisons = 30, maxMismatchRate = 0.1 } };
        _estate = await StoreReplicas.StartAsync(3, PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow") { Shadow = shadow }));
        _estate.Legacy.Answer("/api/catalog/products", """{"items":[1,2,3]}""");
        _estate.Service.Answer("/api/catalog/products", """{"items":[1,2,3]}""");
        _estate.Legacy.Answer("/api/catalog/prices", """{"price":10}""");
        _estate.Service.Answer("/api/catalog/prices", """{"price":11}""");
        foreach (var replica in _estate.Replicas)
        {
            await CompareAsync(replica, 40);
            await CompareAsync(replica, 4, "/api/catalog/prices");
        }

        await Eventually.MatchAsync(() => StoreReplicas.StatusOfAsync(_estate.Replicas[0]), s => s.Modules.Single().Shadow!.Compared == 132,
            "replica-1 counts the comparisons of all three");
        using var alice = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        using var shut = await PromoteAsync(alice);

        Assert.Equal(HttpStatusCode.Conflict, shut.StatusCode);
        var detail = (await shut.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();
        Assert.Contains("12 of 12 comparison(s) of GET /api/catalog/prices mismatched or failed (100.00 %)", detail, StringComparison.Ordinal);
    }

    private static async Task FailAsync(ProxyProcess replica, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await replica.Client.GetAsync("/api/catalog/items?status=503", TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Mirrored reads through one replica, waited for until that replica has compared them all.</summary>
    private static async Task CompareAsync(ProxyProcess replica, int count, string path = "/api/catalog/products")
    {
        using var admin = StoreReplicas.AdminOf(replica);
        var before = (await admin.GetFromJsonAsync<ShadowReport>("/migration/api/modules/catalog/shadow", TestContext.Current.CancellationToken))!
            .Routes.Sum(r => r.Compared);
        for (var i = 0; i < count; i++)
        {
            using var response = await replica.Client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<ShadowReport>("/migration/api/modules/catalog/shadow", TestContext.Current.CancellationToken))!.Routes.Sum(r => r.Compared),
            compared => compared == before + count, $"the replica at {replica.Address} compared its {count} reads");
    }

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient admin) =>
        admin.PutAsJsonAsync("/migration/api/modules/catalog/stage", new ChangeStageRequest("canary", 10, "promote"), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _estate?.DisposeAsync() ?? ValueTask.CompletedTask;
}
