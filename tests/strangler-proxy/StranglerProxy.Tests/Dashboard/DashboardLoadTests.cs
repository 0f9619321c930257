using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StranglerProxy.Dashboard;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>
/// The page with a full window of history for ten modules: how long until every chart is drawn, measured in
/// the browser and reported (a figure for docs/benchmarks.md, not a timing this machine is held to).
/// </summary>
public sealed class DashboardLoadTests(DashboardLoadTests.Host host, Browser browser) : IClassFixture<DashboardLoadTests.Host>, IClassFixture<Browser>
{
    private const int Points = 720;

    [Fact]
    public async Task Page_TenModulesWithAFullWindow_DrawsEveryPointAndReportsHowLongItTook()
    {
        using var admin = host.CreateAdminClient();
        await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<DashboardHistory>("/migration/api/history", TestContext.Current.CancellationToken))!,
            history => history.Modules.Count == 10 && history.Modules.All(m => m.At.Length == Points),
            "the proxy holds a full window for every module", TimeSpan.FromMinutes(1));

        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, $"/migration#token={ProxyHost.AdminToken}"));

        await Assertions.Expect(page.Locator("body[data-charts-drawn]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        var sections = page.Locator("section.module-charts");
        await Assertions.Expect(sections).ToHaveCountAsync(10);
        Assert.All(await sections.EvaluateAllAsync<int[]>("all => all.map(s => Number(s.dataset.points))"), points => Assert.Equal(Points, points));
        var drawn = double.Parse((await page.Locator("body").GetAttributeAsync("data-charts-drawn"))!, CultureInfo.InvariantCulture);
        var loaded = await page.EvaluateAsync<double>("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        var report = string.Create(CultureInfo.InvariantCulture,
            $"10 modules x {Points} points: page loaded in {loaded:0} ms, every chart drawn {drawn:0} ms after navigation started.");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        var screenshot = Browser.ScreenshotPath("dashboard-10-modules");
        await File.WriteAllTextAsync(Path.ChangeExtension(screenshot, ".txt"), report + Environment.NewLine, TestContext.Current.CancellationToken);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
    }

    /// <summary>Ten modules, and a window of 720 points filled in seconds (a point every 10 ms).</summary>
    public sealed class Host : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With([.. Enumerable.Range(1, 10).Select(i => new ModuleSpec($"module-{i:00}", Service, "legacy"))]);

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Dashboard:ChartInterval"] = "00:00:00.010",
            ["Migration:Dashboard:ChartWindow"] = "00:00:07.200",
        };
    }
}
