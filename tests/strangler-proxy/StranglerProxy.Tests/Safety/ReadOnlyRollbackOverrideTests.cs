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
        using var admin = host.CreateAdminClient();
        await ReadOnlyRollbackTests.RollBackForReadsOnlyAsync(host, admin);

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
