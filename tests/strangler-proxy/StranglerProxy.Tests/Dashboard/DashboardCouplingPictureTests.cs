using Microsoft.Playwright;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>
/// The dashboard's picture of the coupling: a real report of the sample at a real state (catalog extracted,
/// docs/analysis/states, which CI keeps current), drawn with the deployables as groups.
/// </summary>
public sealed class DashboardCouplingPictureTests(DashboardCouplingPictureTests.Host host, Browser browser)
    : IClassFixture<DashboardCouplingPictureTests.Host>, IClassFixture<Browser>
{
    [Fact]
    public async Task Page_WithACouplingReport_DrawsEachDeployableWithItsModules()
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, $"/migration#token={ProxyHost.AdminToken}"));
        var graph = page.FrameLocator("#coupling iframe").Locator("svg.coupling-graph");

        await Assertions.Expect(graph).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.Equal(["catalog"], await ModulesOf(graph, "catalog-service"));
        Assert.Equal(["customers", "host", "inventory", "ordering"], await ModulesOf(graph, "legacy"));
        // What now crosses the network is drawn so: the uses of the extracted catalog, through its contracts.
        Assert.Equal(["inventory->catalog", "ordering->catalog"],
            (await graph.Locator("g.edge.crossing").EvaluateAllAsync<string[]>("all => all.map(e => e.dataset.from + '->' + e.dataset.to)")).Order());
        // The proxy serves the report as written: with the plan's catalog back in the monolith, the page says the picture is behind.
        await Assertions.Expect(page.Locator("#coupling-stale")).ToContainTextAsync("catalog: extracted in the report, legacy now");
        await page.Locator("#coupling").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard-coupling"), FullPage = true });
    }

    private static async Task<IEnumerable<string>> ModulesOf(ILocator graph, string deployable) =>
        (await graph.Locator($"g.deployable[data-deployable='{deployable}'] g.module").EvaluateAllAsync<string[]>("all => all.map(m => m.dataset.module)")).Order();

    public sealed class Host : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Dashboard:CouplingReport"] = Repository.PathOf("docs", "analysis", "states", "2-catalog-extracted", "coupling.html"),
        };
    }
}
