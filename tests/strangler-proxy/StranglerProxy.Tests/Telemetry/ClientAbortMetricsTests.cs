using StranglerProxy.Telemetry;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Telemetry;

/// <summary>A request its client gave up on is measured as the client's abort, not as a backend's failure.</summary>
[Collection(MetricsScrapeCollection.Name)]
public sealed class ClientAbortMetricsTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    [Fact]
    public async Task Metrics_ForARequestTheClientAbandoned_TagErrorTypeClientAborted()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));

        using (var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.GetAsync("/api/catalog/abandoned?delayMs=5000", impatient.Token));
        }

        var scrape = await Eventually.MatchAsync(
            () => host.ManagementClient.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            text => text.Contains($"error_type=\"{ProxyMetrics.ClientAborted}\"", StringComparison.Ordinal),
            "the scrape shows the abandoned request");

        Assert.Contains(scrape.Split('\n'), line => line.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)
            && line.Contains("migration_module=\"catalog\"", StringComparison.Ordinal)
            && line.Contains("migration_target=\"extracted\"", StringComparison.Ordinal)
            && line.Contains($"error_type=\"{ProxyMetrics.ClientAborted}\"", StringComparison.Ordinal));
    }
}
