using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Shadow;

/// <summary>A full shadow queue drops (and counts) mirrored requests; the client is served all the same.</summary>
public sealed class ShadowQueueTests(ShadowQueueTests.TinyQueueHost host) : IClassFixture<ShadowQueueTests.TinyQueueHost>
{
    [Fact]
    public async Task Get_QueueFull_DropsAndCountsAndServesEveryClient()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow")));
        host.LegacyBackend.Answer("/api/catalog/busy", """{ "id": 1 }""");
        host.ServiceBackend.Answer("/api/catalog/busy", """{ "id": 1 }""", delayMs: 300);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.GetServedByLegacyAsync("/api/catalog/busy", 5)));

        var report = await Eventually.MatchAsync(host.ReportAsync,
            r => r["compared"]!.GetValue<long>() + r["dropped"]!.GetValue<long>() == 20, "every request compared or dropped");
        Assert.True(report["dropped"]!.GetValue<long>() > 0, report.ToJsonString());
        Assert.Equal(report["compared"]!.GetValue<long>(), report["matched"]!.GetValue<long>());
    }

    public sealed class TinyQueueHost : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Shadow:QueueCapacity"] = "1",
            ["Migration:Shadow:Concurrency"] = "1",
        };
    }
}
