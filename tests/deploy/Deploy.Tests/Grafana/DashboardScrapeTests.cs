using System.Net;

namespace Deploy.Tests.Grafana;

/// <summary>
/// The dashboard asks only for what the estate exports: after traffic that makes every instrument report (a module in
/// shadow, a flip to canary where both sides serve, a proxy whose service is unreachable, a write for DataSync to
/// apply), every metric and label the dashboard's queries select is in the scrapes of the estate's management ports.
/// </summary>
public sealed class DashboardScrapeTests(DashboardEstate estate) : IClassFixture<DashboardEstate>
{
    private const string Products = "/api/catalog/products?pageSize=3";

    [Fact]
    public async Task Dashboard_AfterTrafficThroughEveryStage_SelectsOnlyWhatTheEstatesScrapeHas()
    {
        var selectors = GrafanaDashboard.Load().Selectors.ToList();
        await estate.WaitForChangeSyncAsync();
        await estate.SetStageAsync("shadow");
        await using var frontDoor = estate.StartProxy();
        using var client = frontDoor.CreateClient();
        for (var request = 0; request < 5; request++)
        {
            Assert.Equal("legacy", await ServedByAsync(client, $"shadow-{request}"));
        }

        // A flip, then the canary's split: sticky keys until both sides have served.
        await estate.SetStageAsync("canary", 50);
        var served = new HashSet<string>(StringComparer.Ordinal);
        await Eventually.MatchAsync(
            async () =>
            {
                served.Add(await ServedByAsync(client, $"user-{Guid.NewGuid():N}"));
                return served.Count;
            },
            count => count == 2, "the canary's keys are served by both sides");

        // A second proxy whose catalog-service address refuses connections: the monolith answers what the service could not.
        await using var cutOff = estate.StartProxy(overrides: new Dictionary<string, string?>
        {
            ["Services:catalog-service:http:0"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        });
        using var cutOffClient = cutOff.CreateClient();
        await Eventually.MatchAsync(() => FallsBackAsync(cutOffClient), fellBack => fellBack, "a request falls back to the monolith");

        // A write through the front door (the monolith owns the catalog at canary) for the worker to apply.
        using (var write = await client.PostAsync("/api/catalog/categories",
            new StringContent($$"""{ "name": "Dashboard {{Guid.NewGuid():N}}" }""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        }

        await estate.WaitForChangeSyncAsync();

        // What Prometheus would take from every management port of the estate. The exporter answers from a cache for a
        // moment after each scrape, and the lag gauge is read once a second: poll.
        using var legacy = estate.CreateLegacyManagementClient();
        using var service = estate.CreateServiceManagementClient();
        using var frontDoorManagement = frontDoor.CreateManagementClient();
        using var cutOffManagement = cutOff.CreateManagementClient();
        await Eventually.MatchAsync(
            async () => Missing(await ScrapeAsync(legacy, service, frontDoorManagement, cutOffManagement), selectors),
            missing => missing.Length == 0,
            "every metric and label the dashboard selects is scraped");
    }

    /// <summary>What the dashboard selects that the scrape lacks, and what the scrape has, for the failure's message; empty when nothing lacks.</summary>
    private static string Missing(PrometheusScrape scrape, IEnumerable<(string Where, Selector Selector)> selectors) =>
        selectors.Where(s => !scrape.Has(s.Selector)).Select(s => $"{s.Where} selects {s.Selector}").ToList() is { Count: > 0 } missing
            ? $"{string.Join("; ", missing)} (scraped: {string.Join(", ", scrape.Metrics)})"
            : "";

    private static async Task<string> ServedByAsync(HttpClient client, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Products);
        request.Headers.Add("X-User-Id", user);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Migration-Served-By").Single();
    }

    private static async Task<bool> FallsBackAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Products);
        request.Headers.Add("X-User-Id", $"user-{Guid.NewGuid():N}");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.Contains("X-Migration-Fallback");
    }

    private static async Task<PrometheusScrape> ScrapeAsync(params HttpClient[] managementPorts)
    {
        var scrape = new PrometheusScrape();
        foreach (var port in managementPorts)
        {
            scrape.Add(await port.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
        }

        return scrape;
    }
}
