using System.Net;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Plan;

/// <summary>Editing migration.json flips routes live; an invalid edit is refused and the last good plan keeps serving.</summary>
public sealed class PlanReloadTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private const string Path = "/api/catalog/items";

    [Fact]
    public async Task SavePlan_NewStage_TakesEffectWithoutRestart()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        Assert.Equal("legacy", (await host.Client.SendAsync(HttpMethod.Get, Path)).Echo!.Backend);

        await host.WriteAtomicallyAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));

        await Eventually.MatchAsync(
            async () => (await host.Client.SendAsync(HttpMethod.Get, Path)).Echo!.Backend,
            backend => backend == ProxyHost.Service,
            "requests go to the extracted service after the plan was saved");
    }

    [Theory]
    [InlineData("{ \"legacy\": ", "$")]
    [InlineData("{ \"legacy\": { \"service\": \"legacy\" }, \"modules\": { \"catalog\": { \"routes\": [\"/api/catalog/{**rest}\"], \"service\": \"catalog-service\", \"stage\": \"sideways\" } } }", "$.modules.catalog.stage")]
    [InlineData("{ \"legacy\": { \"service\": \"legacy\" }, \"modules\": { \"catalog\": { \"routes\": [\"/api/catalog/{**rest}\"], \"service\": \"nowhere-service\", \"stage\": \"extracted\" } } }", "$.modules.catalog.service")]
    public async Task SavePlan_Invalid_IsRejectedWithPathAndTheLastGoodPlanKeepsServing(string invalid, string path)
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));
        var version = host.Plans.Current.Version;

        await host.WriteAtomicallyAsync(invalid);
        var rejection = await Eventually.MatchAsync(
            () => Task.FromResult(host.Plans.LastRejection), r => r is not null, "the invalid plan was rejected");

        var error = rejection!.Errors[0];
        Assert.Equal(host.PlanPath, error.File);
        Assert.StartsWith(path, error.Path, StringComparison.Ordinal);
        Assert.Equal(version, host.Plans.Current.Version);
        var served = await host.Client.SendAsync(HttpMethod.Get, Path);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(ProxyHost.Service, served.Echo!.Backend);

        using var admin = host.CreateAdminClient();
        var status = await admin.GetStringAsync("/migration/api/status", TestContext.Current.CancellationToken);
        Assert.Contains(path.Replace("$", "", StringComparison.Ordinal), status, StringComparison.Ordinal);

        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        Assert.Null(host.Plans.LastRejection);
    }

    [Fact]
    public async Task SavePlan_DuringSlowRequests_InFlightRequestsComplete()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        var slow = Enumerable.Range(0, 10)
            .Select(_ => host.Client.SendAsync(HttpMethod.Get, $"{Path}?delayMs=500"))
            .ToList();

        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));
        var results = await Task.WhenAll(slow);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }
}
