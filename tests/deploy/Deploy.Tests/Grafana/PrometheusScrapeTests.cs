namespace Deploy.Tests.Grafana;

/// <summary>A selector is met by one series that carries all its labels, as a query needs them, not by labels spread over several.</summary>
public sealed class PrometheusScrapeTests
{
    private const string Exposition = """
        # TYPE migration_proxy_shadow_comparisons_total counter
        migration_proxy_shadow_comparisons_total{module="catalog",outcome="match"} 3
        migration_proxy_fallbacks_total{module="catalog"} 1
        migration_proxy_fallbacks_total{reason="refused"} 1
        datasync_lag_pending{datasync_name="catalog",datasync_direction="LegacyToService"} 0
        """;

    [Theory]
    [InlineData("migration_proxy_shadow_comparisons_total", "module,outcome", true)]
    [InlineData("migration_proxy_fallbacks_total", "module", true)]
    [InlineData("migration_proxy_fallbacks_total", "module,reason", false)]
    [InlineData("datasync_lag_pending", "datasync_name,datasync_direction", true)]
    [InlineData("datasync_lag_oldest_seconds", "", false)]
    public void Has_SelectorLabels_MetOnlyByOneSeriesCarryingThemAll(string metric, string labels, bool expected)
    {
        var scrape = new PrometheusScrape();
        scrape.Add(Exposition);

        Assert.Equal(expected, scrape.Has(new Selector(metric, labels.Length == 0 ? [] : labels.Split(','))));
    }
}
