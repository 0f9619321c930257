namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// Test classes that read the Prometheus scrape run while no other test does. OpenTelemetry's
/// MeterProvider listens process-wide: it joins the same-named instruments of every host in the test
/// process into one stream and drops that stream, with this host's measurements, when any of those hosts
/// is disposed. One proxy per process, as in production, never meets this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrapeCollection
{
    public const string Name = "Metrics scrape";
}
