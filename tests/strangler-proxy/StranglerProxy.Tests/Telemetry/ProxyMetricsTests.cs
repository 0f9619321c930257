using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Telemetry;

[Collection(MetricsScrapeCollection.Name)]
public sealed class ProxyMetricsTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    [Fact]
    public async Task Metrics_AfterProxiedRequestsAndAFlip_ExposeRequestsStagesAndFlips()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/measured");
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/measured");

        var scrape = await Eventually.MatchAsync(
            () => host.ManagementClient.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            // The flip is counted by the plan's change event, which may finish after the new route serves.
            text => text.Contains("migration_proxy_flips", StringComparison.Ordinal)
                && text.Contains("from=\"legacy\"", StringComparison.Ordinal)
                && text.Contains("migration_target=\"extracted\"", StringComparison.Ordinal),
            "the scrape shows the proxy's instruments");

        var requests = scrape.Split('\n')
            .Where(line => line.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(requests, line => line.Contains("migration_module=\"catalog\"", StringComparison.Ordinal)
            && line.Contains("migration_target=\"legacy\"", StringComparison.Ordinal)
            && line.Contains("migration_status_class=\"2xx\"", StringComparison.Ordinal));
        Assert.Contains("migration_proxy_stage", scrape, StringComparison.Ordinal);
        // Per-request measurements that say nothing the tagged duration does not are left out.
        Assert.DoesNotContain("http_client_request_duration", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_active_requests", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool_rented", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool_pooled", scrape, StringComparison.Ordinal);
        Assert.Contains("aspnetcore_memory_pool_allocated", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ForABackendsServerError_TagErrorTypeWithoutAnExtraMiddleware()
    {
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/failing?status=503");

        var scrape = await Eventually.MatchAsync(
            () => host.ManagementClient.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            text => text.Contains("migration_status_class=\"5xx\"", StringComparison.Ordinal),
            "the scrape shows the failed request");

        Assert.Contains(scrape.Split('\n'), line => line.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)
            && line.Contains("migration_status_class=\"5xx\"", StringComparison.Ordinal)
            && line.Contains("error_type=\"503\"", StringComparison.Ordinal));
        // The proxy tags it itself: OpenTelemetry's middleware for the same tag is not in the pipeline.
        Assert.DoesNotContain(host.Services.GetServices<IStartupFilter>(),
            filter => filter.GetType().Assembly.GetName().Name == "OpenTelemetry.Instrumentation.AspNetCore");
    }

    [Fact]
    public async Task Metrics_InShadow_CountComparisonsByRouteAndOutcome()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow")));
        host.LegacyBackend.Answer("/api/catalog/compared", """{ "id": 1 }""");
        host.ServiceBackend.Answer("/api/catalog/compared", """{ "id": 1 }""");

        await host.GetServedByLegacyAsync("/api/catalog/compared", 3);
        await host.RouteAsync("GET /api/catalog/compared", compared: 3);

        // The exporter answers from a cache for a moment after each scrape.
        await Eventually.MatchAsync(
            () => host.ManagementClient.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            scrape => scrape.Split('\n').Any(line => line.StartsWith("migration_proxy_shadow_comparisons", StringComparison.Ordinal)
                && line.Contains("outcome=\"match\"", StringComparison.Ordinal) && line.Contains("route=\"GET /api/catalog/compared\"", StringComparison.Ordinal)
                && line.EndsWith(" 3", StringComparison.Ordinal)),
            "the scrape counts three matching comparisons of the route");
    }
}
