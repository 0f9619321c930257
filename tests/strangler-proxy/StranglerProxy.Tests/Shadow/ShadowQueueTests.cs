using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Shadow;

/// <summary>A full shadow queue drops (and counts) mirrored requests; the client is served all the same.</summary>
public sealed class ShadowQueueTests(ShadowQueueTests.TinyQueueHost host) : IClassFixture<ShadowQueueTests.TinyQueueHost>
{
    [Fact]
    public Task Get_QueueFull_DropsAndCountsAndServesEveryClient() => SomeDroppedAsync(host, "/api/catalog/busy");

    /// <summary>20 mirrored requests while the service is slow: every client served, some copies compared, some dropped and counted.</summary>
    internal static async Task SomeDroppedAsync(ProxyHost host, string path)
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow")));
        host.LegacyBackend.Answer(path, """{ "id": 1 }""");
        host.ServiceBackend.Answer(path, """{ "id": 1 }""", delayMs: 300);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.GetServedByLegacyAsync(path, 5)));

        var report = await Eventually.MatchAsync(host.ReportAsync,
            r => r["compared"]!.GetValue<long>() + r["dropped"]!.GetValue<long>() == 20, "every request compared or dropped");
        Assert.True(report["dropped"]!.GetValue<long>() > 0, report.ToJsonString());
        Assert.True(report["compared"]!.GetValue<long>() > 0, report.ToJsonString());
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

/// <summary>The queue is bounded by the bytes of the copies it holds too: past them, mirrored requests are dropped and counted.</summary>
public sealed class ShadowQueueBytesTests(ShadowQueueBytesTests.SmallBudgetHost host) : IClassFixture<ShadowQueueBytesTests.SmallBudgetHost>
{
    /// <summary>Each copy takes a pooled buffer of at least 4 KiB: one fits the 6 KiB budget, a second waiting beside it does not.</summary>
    [Fact]
    public Task Get_CopiesOverTheByteBudget_AreDroppedAndCountedAndEveryClientIsServed() => ShadowQueueTests.SomeDroppedAsync(host, "/api/catalog/large");

    public sealed class SmallBudgetHost : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Shadow:QueueCapacity"] = "1000",
            ["Migration:Shadow:MaxQueuedBytes"] = "6144",
            ["Migration:Shadow:Concurrency"] = "1",
        };
    }
}
