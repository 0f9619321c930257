using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StranglerProxy.Dashboard;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>
/// Migration:Dashboard:Public: the page and its read-only data on the public port too, for anyone; the change
/// forms only for an admin token on the management port, where the admin API is.
/// </summary>
public sealed class PublicDashboardTests(PublicDashboardTests.Host host, Browser browser) : IClassFixture<PublicDashboardTests.Host>, IClassFixture<Browser>
{
    [Fact]
    public async Task Page_OnThePublicPortWithoutAToken_ShowsStatusAndChartsButNoChangeForms()
    {
        var page = await browser.OpenAsync(new Uri(host.Client.BaseAddress!, "/migration"));

        await Assertions.Expect(page.Locator("tr[data-module=catalog] [data-stage]")).ToHaveTextAsync("canary", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("section.module-charts[data-module=catalog] canvas")).Not.ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("form.change").CountAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "change stage" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#login-why")).ToContainTextAsync("Read-only");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard-public"), FullPage = true });
    }

    [Fact]
    public async Task Page_OnTheManagementPortWithTheToken_ShowsTheChangeForms()
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, $"/migration#token={ProxyHost.AdminToken}"));

        await Assertions.Expect(page.Locator("form.change[data-module=catalog]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Data_WithoutATokenIsReadOnly_AWrongTokenIsRefused_AndNoChangeGoesThroughThePublicPort()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var dashboard = await host.Client.GetFromJsonAsync<DashboardResponse>("/migration/api/dashboard", cancellation);
        Assert.False(dashboard!.CanChange);
        using (var history = await host.Client.GetAsync("/migration/api/history", cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/migration/api/dashboard") { Headers = { Authorization = new("Bearer", "not-the-token") } };
        using (var refused = await host.Client.SendAsync(wrong, cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Even with the token, the public port takes no change: the admin API is not there, and the path is the
        // estate's like any other (the monolith answers it).
        using var change = new HttpRequestMessage(HttpMethod.Put, "/migration/api/modules/catalog/stage")
        {
            Headers = { Authorization = new("Bearer", ProxyHost.AdminToken) },
            Content = JsonContent.Create(new ChangeStageRequest("extracted", null, "from outside")),
        };
        using (var attempt = await host.Client.SendAsync(change, cancellation))
        {
            Assert.Equal("legacy", Assert.Single(attempt.Headers.GetValues("X-Migration-Served-By")));
        }

        Assert.Equal(Stage.Canary, host.Plans.Current.Plan.Modules["catalog"].Stage);
        using var admin = host.CreateAdminClient();
        Assert.True((await admin.GetFromJsonAsync<DashboardResponse>("/migration/api/dashboard", cancellation))!.CanChange);
    }

    public sealed class Host : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "canary", Percent: 10));

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Dashboard:Public"] = "true",
            ["Migration:Dashboard:ChartInterval"] = "00:00:00.200",
        };
    }
}
