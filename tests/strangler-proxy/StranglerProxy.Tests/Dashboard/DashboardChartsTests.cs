using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StranglerProxy.Dashboard;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>The dashboard's charts in a real browser: points taken by the proxy every few moments, drawn per module, stage changes marked.</summary>
public sealed class DashboardChartsTests(DashboardChartsTests.Host host, Browser browser) : IClassFixture<DashboardChartsTests.Host>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task Charts_TrafficThroughACanary_ShowPointsForBothSidesAndMarkTheStageChange()
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, $"/migration#token={ProxyHost.AdminToken}"));
        var catalog = page.Locator("section.module-charts[data-module=catalog]");
        await Assertions.Expect(catalog.Locator("canvas")).Not.ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.Equal(4, await catalog.Locator(".chart").CountAsync());

        using var admin = host.CreateAdminClient();
        using var traffic = Traffic.Start(host.Client, "/api/catalog/products");
        // The monolith alone first: points for its side, none for the service's.
        await Assertions.Expect(catalog).ToHaveAttributeAsync("data-legacy-points", new System.Text.RegularExpressions.Regex("^([3-9]|[1-9][0-9]+)$"), Soon);
        Assert.Equal("0", await catalog.GetAttributeAsync("data-service-points"));

        using (var change = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new ChangeStageRequest("canary", 50, "half the users to the service"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }

        // Then both: the service's side gets points, and every chart of the module marks the change on its time axis.
        await Assertions.Expect(catalog).ToHaveAttributeAsync("data-service-points", new System.Text.RegularExpressions.Regex("^([3-9]|[1-9][0-9]+)$"), Soon);
        await Assertions.Expect(catalog.Locator("li[data-marker][data-to=canary]")).ToContainTextAsync("canary 50 %");
        await Assertions.Expect(catalog.Locator(".chart[data-markers-drawn='1']")).ToHaveCountAsync(4);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard-charts"), FullPage = true });
        await traffic.StopAsync();

        // What was drawn is what the proxy counted: before the change only the monolith served, after it both sides did.
        var history = (await admin.GetFromJsonAsync<DashboardHistory>("/migration/api/history", TestContext.Current.CancellationToken))!;
        var marker = Assert.Single(history.Markers, m => m.Module == "catalog");
        Assert.Equal(("canary", "canary", 50d), (marker.From, marker.To, marker.Percent));
        var points = history.Modules.Single(m => m.Name == "catalog");
        var before = Enumerable.Range(0, points.At.Length).Where(i => points.At[i] <= marker.At).ToList();
        var after = Enumerable.Range(0, points.At.Length).Where(i => points.At[i] > marker.At + (long)(history.IntervalSeconds * 1000)).ToList();
        Assert.All(before, i => Assert.Equal(0, points.Service[i]));
        Assert.Contains(before, i => points.Legacy[i] > 0);
        Assert.Contains(after, i => points.Service[i] > 0);
        Assert.Contains(after, i => points.Legacy[i] > 0);
    }

    [Fact]
    public async Task History_Since_ReturnsOnlyNewerPointsAndABadValueIsAProblem()
    {
        using var admin = host.CreateAdminClient();
        var all = await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<DashboardHistory>("/migration/api/history", TestContext.Current.CancellationToken))!,
            h => h.Modules.Count == 2 && h.Modules.All(m => m.At.Length >= 2), "the proxy has taken points of both modules");
        Assert.Equal(["catalog", "inventory"], all.Modules.Select(m => m.Name));
        Assert.Equal((0.2, 1500), (all.IntervalSeconds, all.Points));
        Assert.All(all.Modules, m => Assert.Equal(m.At.Order(), m.At));
        // Every module has the last complete sample: a reader that asks next for what came after it misses nothing.
        Assert.All(all.Modules, m => Assert.Equal(all.Through, m.At[^1]));

        var newer = await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<DashboardHistory>($"/migration/api/history?since={all.Through}", TestContext.Current.CancellationToken))!,
            h => h.Modules.All(m => m.At.Length > 0), "the proxy has taken newer points");
        Assert.All(newer.Modules.SelectMany(m => m.At), at => Assert.True(at > all.Through));
        Assert.All(newer.Modules, m => Assert.Equal(newer.Through, m.At[^1]));

        using var bad = await admin.GetAsync("/migration/api/history?since=yesterday", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task History_WithoutTheToken_IsRefused()
    {
        using var anonymous = host.CreateAdminClient(token: null);

        using var response = await anonymous.GetAsync("/migration/api/history", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Catalog at canary 0 % (the monolith serves it, the gate is behind it), a point every 200 ms.</summary>
    public sealed class Host : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(
            new ModuleSpec("catalog", Service, "canary", Percent: 0),
            new ModuleSpec("inventory", Service, "legacy"));

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Dashboard:ChartInterval"] = "00:00:00.200",
            ["Migration:Dashboard:ChartWindow"] = "00:05:00",
        };
    }
}
