using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Telemetry;

public sealed class ProxyMetricsTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    [Fact]
    public async Task Metrics_AfterProxiedRequestsAndAFlip_ExposeRequestsStagesAndFlips()
    {
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/measured");
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/measured");

        var scrape = await Eventually.MatchAsync(
            () => host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            text => text.Contains("migration_proxy_flips", StringComparison.Ordinal)
                && text.Contains("target=\"extracted\"", StringComparison.Ordinal),
            "the scrape shows the proxy's instruments");

        Assert.Contains("migration_proxy_request_duration_seconds_count", scrape, StringComparison.Ordinal);
        Assert.Contains("status_class=\"2xx\"", scrape, StringComparison.Ordinal);
        Assert.Contains("migration_proxy_request_duration_seconds_bucket", scrape, StringComparison.Ordinal);
        Assert.Contains("migration_proxy_stage", scrape, StringComparison.Ordinal);
        Assert.Contains("from=\"legacy\"", scrape, StringComparison.Ordinal);
    }
}
