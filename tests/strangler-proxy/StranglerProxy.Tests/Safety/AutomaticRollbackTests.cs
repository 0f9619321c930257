using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StranglerProxy.Safety;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>When the extracted side starts failing, the proxy takes the module back a stage, once, and says why.</summary>
public sealed class AutomaticRollbackTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private static readonly object Policy = new { maxErrorRate = 0.2, window = "00:00:30", minRequests = 20 };

    [Fact]
    public async Task FailingService_PastTheThreshold_RollsBackOneStageOnceAndAudits()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted", Percent: 25) { Rollback = Policy }));
        var version = host.Plans.Current.Version;

        // Answers of the service fail; as soon as 20 are in and more than 20 % failed, the module goes back.
        for (var i = 0; i < 30 && host.Plans.Current.Plan.Modules["catalog"].Stage == Stage.Extracted; i++)
        {
            using var response = await host.Client.GetAsync("/api/catalog/items?status=503", TestContext.Current.CancellationToken);
        }

        await Eventually.MatchAsync(() => Task.FromResult(host.Plans.Current.Plan.Modules["catalog"].Stage), stage => stage == Stage.Canary,
            "the plan has catalog back at canary");
        Assert.Equal(25, host.Plans.Current.Plan.Modules["catalog"].Canary.Percent);

        // It keeps failing for the canary share: the cool-down keeps the module where it is.
        for (var i = 0; i < 60; i++)
        {
            using var response = await host.Client.GetAsync("/api/catalog/items?status=503", TestContext.Current.CancellationToken);
        }

        Assert.Equal(Stage.Canary, host.Plans.Current.Plan.Modules["catalog"].Stage);
        using var admin = host.CreateAdminClient();
        var audit = await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!,
            entries => entries.Count > 0, "the rollback is in the audit trail");
        var rollback = Assert.Single(audit, entry => entry!["actor"]!.GetValue<string>() == AutomaticRollback.Actor)!;
        Assert.Equal(("extracted", "canary"), (rollback["from"]!.GetValue<string>(), rollback["to"]!.GetValue<string>()));
        Assert.StartsWith("Automatic rollback: ", rollback["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(host.Plans.Current.Version > version);
    }

    [Fact]
    public async Task FailuresBelowTheMinimumOfRequests_DoNotRollBack()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")
        {
            Rollback = new { maxErrorRate = 0.2, window = "00:00:30", minRequests = 1000 },
        }));

        for (var i = 0; i < 30; i++)
        {
            using var response = await host.Client.GetAsync("/api/catalog/items?status=500", TestContext.Current.CancellationToken);
        }

        Assert.Equal(Stage.Extracted, host.Plans.Current.Plan.Modules["catalog"].Stage);
    }
}
