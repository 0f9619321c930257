using System.Net;
using System.Net.Http.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>An operator who moves a module rolled back for reads only decides: the read-only state ends there.</summary>
public sealed class ReadOnlyRollbackOverrideTests(ReadOnlyRollbackTests.ExtractedHost host) : IClassFixture<ReadOnlyRollbackTests.ExtractedHost>
{
    [Fact]
    public async Task OperatorMovesTheModule_EndsTheReadOnlyRollback()
    {
        host.ServiceBackend.SyncDirection = SyncDirection.LegacyToService;
        for (var i = 0; i < 40 && host.Plans.Current.Plan.Modules["catalog"].Stage == Stage.Extracted; i++)
        {
            using var failing = await host.Client.GetAsync("/api/catalog/items?status=500", TestContext.Current.CancellationToken);
        }

        using var admin = host.CreateAdminClient();
        await Eventually.MatchAsync(async () => await ReadOnlyRollbackTests.WritesRefusedAsync(admin), refused => refused is not null, "catalog is rolled back for reads only");

        // The operator retires the module instead (the service stays the owner: no fence needed).
        using var retire = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "retired", reason = "the service is fixed; keep it" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, retire.StatusCode);

        Assert.Null(await ReadOnlyRollbackTests.WritesRefusedAsync(admin));
        using var write = await host.Client.PostAsJsonAsync("/api/catalog/items", new { name = "after" }, TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode.OK, "extracted"), (write.StatusCode, write.Headers.GetValues("X-Migration-Served-By").Single()));
        Assert.Equal(Stage.Retired, host.Plans.Current.Plan.Modules["catalog"].Stage);
    }
}
