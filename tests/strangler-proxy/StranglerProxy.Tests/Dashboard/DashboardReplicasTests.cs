using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>
/// The dashboard of a proxy sharing the plan store, in a real browser: it lists every replica with the plan
/// version each serves, and a change made through another replica shows up on every row.
/// </summary>
public sealed class DashboardReplicasTests(Browser browser) : IClassFixture<Browser>, IAsyncDisposable
{
    private StoreReplicas? _estate;

    [Fact]
    public async Task Page_OnASharedStore_ListsEveryReplicaAndTheVersionEachServes()
    {
        _estate = await StoreReplicas.StartAsync(3, PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        var page = await browser.OpenAsync(new Uri(_estate.Replicas[0].ManagementAddress, "/migration"));
        await page.GetByLabel("admin token").FillAsync(ProxyHost.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();

        var rows = page.Locator("#replicas tr[data-replica]");
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#replicas tr[data-replica=replica-1]")).ToContainTextAsync("(this one)");
        await Assertions.Expect(page.Locator("#replicas [data-version]")).ToHaveTextAsync(["1", "1", "1"]);

        using var admin = StoreReplicas.AdminOf(_estate.Replicas[1]);
        using var change = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new ChangeStageRequest("shadow", null, "through replica-2"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        await Assertions.Expect(page.Locator("#replicas [data-version]")).ToHaveTextAsync(["2", "2", "2"], new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("tr[data-module=catalog] [data-stage]")).ToHaveTextAsync("shadow");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard-replicas"), FullPage = true });
    }

    public ValueTask DisposeAsync() => _estate?.DisposeAsync() ?? ValueTask.CompletedTask;
}
