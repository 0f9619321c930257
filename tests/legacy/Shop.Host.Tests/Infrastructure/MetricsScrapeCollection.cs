namespace Shop.Host.Tests.Infrastructure;

/// <summary>
/// Test classes that read the Prometheus scrape run while no other test does: OpenTelemetry's MeterProvider
/// joins the same-named instruments of every host in the test process into one stream and drops it when any
/// of those hosts is disposed (see the proxy tests' collection of the same name).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrapeCollection
{
    public const string Name = "Metrics scrape";
}
