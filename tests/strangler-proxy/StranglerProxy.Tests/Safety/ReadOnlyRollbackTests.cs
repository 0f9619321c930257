using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// An automatic rollback whose owner move cannot be fenced (the service's log does not drain): reads move
/// to the monolith, writes are refused with 503 and Retry-After rather than handed to an owner that misses
/// some, and the move completes by itself once the log drains.
/// </summary>
public sealed class ReadOnlyRollbackTests(ReadOnlyRollbackTests.ExtractedHost host) : IClassFixture<ReadOnlyRollbackTests.ExtractedHost>
{
    private static readonly object Policy = new { maxErrorRate = 0.05, window = "00:01:00", minRequests = 20 };

    public sealed class ExtractedHost : ProxyHost
    {
        protected override string InitialPlan =>
            PlanJson.With(new ModuleSpec("catalog", Service, "extracted", Percent: 10) { Rollback = Policy, Tables = new { schema = "catalog" } });
    }

    [Fact]
    public async Task Rollback_LogCannotDrain_MovesReadsOnlyRefusesWritesThenCompletes()
    {
        using var admin = host.CreateAdminClient();
        await RollBackForReadsOnlyAsync(host, admin);

        var read = await host.Client.GetAsUserAsync("/api/catalog/items", "u1");
        using var write = await host.Client.PostAsJsonAsync("/api/catalog/items", new { name = "held" }, TestContext.Current.CancellationToken);

        Assert.Equal("legacy", read.ServedBy);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), write.Headers.RetryAfter?.Delta);
        Assert.Equal(Stage.Extracted, host.Plans.Current.Plan.Modules["catalog"].Stage);
        var audit = (await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!;
        Assert.Contains("Reads moved to the monolith; writes refused (503)", audit.Last()!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // Once the service's log drains into the monolith, the rollback completes and writes go to the monolith.
        host.ServiceBackend.SyncDirection = SyncDirection.ServiceToLegacy;
        try
        {
            await Eventually.MatchAsync(() => Task.FromResult(host.Plans.Current.Plan.Modules["catalog"].Stage), stage => stage == Stage.Canary,
                "the rollback completes", TimeSpan.FromSeconds(30));
            Assert.Null(await WritesRefusedAsync(admin));
            using var after = await host.Client.PostAsJsonAsync("/api/catalog/items", new { name = "after" }, TestContext.Current.CancellationToken);
            Assert.Equal((HttpStatusCode.OK, "legacy"), (after.StatusCode, after.Headers.GetValues("X-Migration-Served-By").Single()));
        }
        finally
        {
            host.ServiceBackend.SyncDirection = SyncDirection.LegacyToService;
        }
    }

    /// <summary>
    /// The service fails past the threshold while its DataSync still reads the monolith's log (nothing of the
    /// service's can reach the monolith): the rollback can move reads only.
    /// </summary>
    internal static async Task RollBackForReadsOnlyAsync(ProxyHost host, HttpClient admin)
    {
        host.ServiceBackend.SyncDirection = SyncDirection.LegacyToService;
        for (var i = 0; i < 40 && host.Plans.Current.Plan.Modules["catalog"].Stage == Stage.Extracted; i++)
        {
            using var failing = await host.Client.GetAsync("/api/catalog/items?status=500", TestContext.Current.CancellationToken);
        }

        await Eventually.MatchAsync(async () => await WritesRefusedAsync(admin), refused => refused is not null, "catalog is rolled back for reads only");
    }

    /// <summary>Why the status says the module's writes are refused, or null.</summary>
    internal static async Task<string?> WritesRefusedAsync(HttpClient admin)
    {
        var status = (await admin.GetFromJsonAsync<JsonObject>("/migration/api/status", TestContext.Current.CancellationToken))!;
        return status["modules"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "catalog")!["writesRefused"]?.GetValue<string>();
    }
}
