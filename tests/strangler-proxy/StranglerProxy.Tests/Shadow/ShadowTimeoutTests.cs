using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Shadow;

/// <summary>A service that has not answered within the shadow timeout counts as an error; the client never waits for it.</summary>
public sealed class ShadowTimeoutTests(ShadowTimeoutTests.ShortTimeoutHost host) : IClassFixture<ShadowTimeoutTests.ShortTimeoutHost>
{
    /// <summary>
    /// Only here a short timeout: the test waits it out. Everywhere else the default (10 s) keeps a loaded
    /// machine's late answer a comparison, not an error.
    /// </summary>
    public sealed class ShortTimeoutHost : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Migration:Shadow:Timeout"] = "00:00:02" };
    }

    [Fact]
    public async Task Get_ServiceDown_CountsAnErrorAndTheClientIsServed()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow")));
        host.LegacyBackend.Answer("/api/catalog/slow", """{ "id": 1 }""");
        host.ServiceBackend.Answer("/api/catalog/slow", """{ "id": 1 }""", delayMs: 30_000);

        await host.GetServedByLegacyAsync("/api/catalog/slow", 1);

        var route = await host.RouteAsync("GET /api/catalog/slow", compared: 1);
        Assert.Equal(1, route["errors"]!.GetValue<long>());
        Assert.Contains("No answer within", route["lastErrors"]!.AsArray().Single()!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
