using Microsoft.Playwright;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>The dashboard at /migration in a real browser, in front of real backends.</summary>
public sealed class DashboardPageTests(DashboardPageTests.Host host, Browser browser) : IClassFixture<DashboardPageTests.Host>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 10_000 };

    [Theory]
    [InlineData("not-the-token", "The bearer token is not the admin token.")]
    [InlineData("", "The admin API needs 'Authorization: Bearer <token>'.")]
    public async Task Page_WithoutTheToken_IsRefusedAndShowsNothing(string token, string refusal)
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, "/migration"));

        await page.GetByLabel("admin token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(refusal, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#board")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("tr[data-module]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Page_WithToken_ShowsEveryModuleAndRefreshesLive()
    {
        var page = await ConnectAsync();
        var row = page.Locator("tr[data-module=inventory]");
        await Assertions.Expect(row.Locator("[data-stage]")).ToHaveTextAsync("legacy");
        await Assertions.Expect(page.Locator("tr[data-module]")).ToHaveCountAsync(2);

        // Traffic arrives after the page loaded: a refresh shows it, without a reload. The split covers the
        // requests since the refresh before, so the traffic goes on until the page has shown it.
        using var seen = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var traffic = Task.Run(async () =>
        {
            while (!seen.IsCancellationRequested)
            {
                await host.Client.SendAsync(HttpMethod.Get, "/api/inventory/items");
                await Task.Delay(50, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        try
        {
            await Assertions.Expect(row.Locator("[data-split]")).ToHaveTextAsync("100/0", new() { Timeout = 10_000 });
        }
        finally
        {
            await seen.CancelAsync();
            await traffic;
        }

        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard"), FullPage = true });
    }

    [Fact]
    public async Task Page_StageChangedThroughThePage_ChangesRoutingAndIsAudited()
    {
        // Signed in with an operator's own token: the audit names her.
        var page = await ConnectAsync(ProxyHost.TokenOf("carol"));
        var form = page.Locator("form.change[data-module=catalog]");

        await form.Locator("select[name=stage]").SelectOptionAsync("extracted");
        await form.Locator("input[name=reason]").FillAsync("flipped from the dashboard");
        await form.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("catalog is now extracted.", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("tr[data-module=catalog] [data-stage]")).ToHaveTextAsync("extracted", new() { Timeout = 10_000 });
        var served = await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/products");
        Assert.Equal(("extracted", ProxyHost.Service), (served.ServedBy, served.Echo?.Backend));
        var audit = await File.ReadAllLinesAsync(host.AuditPath, TestContext.Current.CancellationToken);
        Assert.Contains(audit, line => line.Contains("\"flipped from the dashboard\"", StringComparison.Ordinal) && line.Contains("\"actor\":\"carol\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_StageChosenButNotYetApplied_IsKeptAcrossRefreshes()
    {
        var page = await ConnectAsync();
        var stage = page.Locator("form.change[data-module=inventory] select[name=stage]");

        await stage.SelectOptionAsync("shadow");
        var meta = page.Locator("#meta");
        var before = await meta.TextContentAsync();
        await Assertions.Expect(meta).Not.ToHaveTextAsync(before!, new() { Timeout = 10_000 });

        await Assertions.Expect(stage).ToHaveValueAsync("shadow");
    }

    [Fact]
    public async Task Page_LinkWithTheTokenInItsFragment_ConnectsAndForgetsTheFragment()
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, $"/migration#token={ProxyHost.AdminToken}"));

        await Assertions.Expect(page.Locator("tr[data-module=catalog]")).ToBeVisibleAsync(Soon);
        Assert.Equal(new Uri(host.ManagementClient.BaseAddress!, "/migration").ToString(), page.Url);
    }

    private async Task<IPage> ConnectAsync(string token = ProxyHost.AdminToken)
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, "/migration"));
        await page.GetByLabel("admin token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-module=catalog]")).ToBeVisibleAsync(Soon);
        return page;
    }

    /// <summary>Catalog at canary (past the promotion gate, no tables to fence), inventory in the monolith.</summary>
    public sealed class Host : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(
            new ModuleSpec("catalog", Service, "canary", Percent: 0),
            new ModuleSpec("inventory", Service, "legacy"));
    }
}
