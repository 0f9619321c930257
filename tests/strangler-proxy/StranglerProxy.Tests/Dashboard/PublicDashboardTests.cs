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
        // No sign-in where a token authorises nothing: the page says where changes are made.
        await Assertions.Expect(page.Locator("#login")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#readonly-note")).ToContainTextAsync("management port");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard-public"), FullPage = true });
    }

    [Fact]
    public async Task Page_OnTheManagementPortWithTheToken_ShowsTheChangeForms()
    {
        var page = await browser.OpenAsync(new Uri(host.ManagementClient.BaseAddress!, $"/migration#token={ProxyHost.AdminToken}"));

        await Assertions.Expect(page.Locator("form.change[data-module=catalog]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Data_ForAnyoneIsTheStatusOnly_ATokenCountsOnlyOnTheManagementPort_AndNoChangeGoesThroughThePublicPort()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using (var audited = await host.CreateAdminClient().PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new ChangeStageRequest("canary", 20, "a reason for operators only"), cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, audited.StatusCode);
        }

        // Anyone: the status, without what only operators should read (the audit trail, paths, replicas, the coupling report).
        var anonymous = (await host.Client.GetFromJsonAsync<DashboardResponse>("/migration/api/dashboard", cancellation))!;
        Assert.Equal((false, false), (anonymous.CanChange, anonymous.SignInHere));
        Assert.Equal("migration.json", anonymous.PlanFile);
        Assert.Equal((Stage.Canary.ToPlanName(), 20d), (anonymous.Modules.Single().Stage, anonymous.Modules.Single().Percent));
        Assert.Empty(anonymous.Modules.Single().History);
        Assert.Null(anonymous.CouplingReportWritten);
        using (var history = await host.Client.GetAsync("/migration/api/history", cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        }

        // On the public port a token is not even looked at, right or wrong: it can authorise nothing there.
        foreach (var token in new[] { "not-the-token", ProxyHost.AdminToken })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/migration/api/dashboard") { Headers = { Authorization = new("Bearer", token) } };
            using var response = await host.Client.SendAsync(request, cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty((await response.Content.ReadFromJsonAsync<DashboardResponse>(cancellation))!.Modules.Single().History);
        }

        // On the management port it is: a wrong one is refused, the admin's sees everything and may change stages.
        using (var wrong = await host.CreateAdminClient("not-the-token").GetAsync("/migration/api/dashboard", cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var admin = (await host.CreateAdminClient().GetFromJsonAsync<DashboardResponse>("/migration/api/dashboard", cancellation))!;
        Assert.True(admin.CanChange);
        Assert.Equal(host.PlanPath, admin.PlanFile);
        Assert.Equal("a reason for operators only", admin.Modules.Single().History[0].Reason);

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
