using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Tests.Infrastructure;
using StranglerProxy.Tests.Routing;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// A service that refuses connections fails every request sent its way: the monolith answers each safe one
/// (the fallback), which hides the outage from clients but not from the watch, and the module goes back.
/// </summary>
public sealed class RefusedConnectionRollbackTests(FallbackTests.ServiceDownHost host) : IClassFixture<FallbackTests.ServiceDownHost>
{
    private const int MinRequests = 20;

    [Fact]
    public async Task Get_ServiceRefusesConnections_RollsBackAtTheMinimumOfRequests()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted", Percent: 10)
        {
            Rollback = new { maxErrorRate = 0.05, window = "00:01:00", minRequests = MinRequests },
        }));

        // Exactly the minimum of answers: refused connections, then (once passive health checks take the service
        // out) no healthy destination. Every one fails, so the last one tips the rate over.
        for (var i = 0; i < MinRequests; i++)
        {
            using var response = await host.Client.GetAsync($"/api/catalog/products/{i}", TestContext.Current.CancellationToken);
            Assert.Equal((HttpStatusCode.OK, "legacy"), (response.StatusCode, response.Headers.GetValues(MigrationHeaders.ServedBy).Single()));
            Assert.True(response.Headers.Contains(MigrationHeaders.Fallback));
        }

        await Eventually.MatchAsync(() => Task.FromResult(host.Plans.Current.Plan.Modules["catalog"].Stage), stage => stage == Stage.Canary,
            "the refused connections roll catalog back");
        using var admin = host.CreateAdminClient();
        var audit = await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!,
            entries => entries.Count > 0, "the rollback is in the audit trail");
        var rollback = Assert.Single(audit)!;
        Assert.Equal((AutomaticRollback.Actor, "extracted", "canary"),
            (rollback["actor"]!.GetValue<string>(), rollback["from"]!.GetValue<string>(), rollback["to"]!.GetValue<string>()));
    }
}
