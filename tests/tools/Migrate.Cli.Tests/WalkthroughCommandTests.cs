using Microsoft.Playwright;
using Testing.Support;

namespace Migrate.Cli.Tests;

/// <summary>The sample's walkthrough: the sample estate started from its AppHost, migrated under traffic, and reported.</summary>
public sealed class WalkthroughCommandTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task Walkthrough_Catalog_MigratesUnderTrafficWithEveryPromiseKept()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunWalkthroughAsync(TimeSpan.FromMinutes(6),
            "-m", "catalog", "--observe", "3", "-a", workspace.Assemblies, "-o", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Out.Split('\n').Where(line => line.StartsWith("catalog ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["baseline analysis", "backfill", "sync", "shadow", "canary 10 %", "canary 50 %", "extracted", "reconcile", "back and forth", "analysis after"],
            rows.Select(r => r[12..32].Trim()));
        // Extracted: the front door sends the catalog's traffic to the service, and none of it failed.
        Assert.Matches(@"^catalog\s+extracted\s+extracted\s+0/100\s+\d+\s+0\s", rows[6]);
        // The owner moved back to the monolith and forward again under traffic: no write lost, nothing failed.
        Assert.Matches(@"^catalog\s+back and forth\s+extracted\s", rows[8]);
        Assert.Matches(@"catalog: back and forth with [1-9]\d* acknowledged write\(s\) watched, none lost", result.ToString());
        Assert.Contains(" requests, 0 failed; 0 step(s) broke a promise;", result.Out, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(workspace.PathOf("out/walkthrough.md"), TestContext.Current.CancellationToken);
        Assert.Contains("Every promise held.", markdown, StringComparison.Ordinal);
        Assert.Contains("### catalog extracted", markdown, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(workspace.PathOf("out/walkthrough.html"), TestContext.Current.CancellationToken);
        Assert.Equal(2, html.Split("class=\"coupling-graph\"").Length - 1); // The coupling graph of the baseline and of the state after.
        Assert.Equal(4, html.Split("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"").Length - 1); // And the four charts of the steps.

        // The page as a reader sees it: a bar per step, the extracted step's traffic all on the service, and
        // catalog in a deployable of its own once extracted.
        var page = await browser.OpenAsync(new Uri(workspace.PathOf("out/walkthrough.html")));
        var split = page.Locator("svg.chart[data-chart=split] g.step");
        Assert.Equal(rows.Select(r => $"catalog {r[12..32].Trim()}"), await split.EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.step)"));
        var extracted = page.Locator("svg.chart[data-chart=split] g.step[data-step='catalog extracted']");
        await Assertions.Expect(extracted).ToHaveAttributeAsync("data-split", "0/100");
        await Assertions.Expect(extracted.Locator("rect")).ToHaveAttributeAsync("fill", "#34d399"); // One bar, the service's.
        Assert.True((await extracted.Locator("rect").BoundingBoxAsync())?.Height > 50, "the extracted step's bar is drawn full height");
        var graphs = page.Locator("svg.coupling-graph");
        await Assertions.Expect(graphs).ToHaveCountAsync(2);
        await Assertions.Expect(graphs.First.Locator("g.deployable[data-deployable=legacy] g.module[data-module=catalog]")).ToHaveCountAsync(1);
        await Assertions.Expect(graphs.Last.Locator("g.deployable[data-deployable=catalog-service] g.module")).ToHaveCountAsync(1);
        await Assertions.Expect(graphs.Last.Locator("g.deployable[data-deployable=catalog-service] g.module[data-module=catalog]")).ToHaveCountAsync(1);
        Assert.True(await graphs.Last.Locator("g.edge.crossing[data-to=catalog]").CountAsync() > 0, "uses of catalog cross to its service");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("walkthrough"), FullPage = true });
    }

    [Fact]
    public async Task Walkthrough_StepThatCannotKeepItsPromise_ExitsNonZeroAndSaysWhich()
    {
        using var workspace = new Workspace();

        // No time to wait for anything: the first condition (the backfill) is given up at once.
        var result = await workspace.RunWalkthroughAsync(TimeSpan.FromMinutes(6),
            "-m", "catalog", "--observe", "1", "--step-timeout", "0", "-a", workspace.Assemblies, "-o", "out");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("  BROKEN: gave up waiting for the backfill of catalog after 0 s", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 step(s) broke a promise", result.Out, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(workspace.PathOf("out/walkthrough.md"), TestContext.Current.CancellationToken);
        Assert.Contains("NOT every promise held.", markdown, StringComparison.Ordinal);
        Assert.Contains("- catalog, backfill: gave up waiting for the backfill of catalog after 0 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walkthrough_UnknownModule_IsBadInputInOneLine()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunWalkthroughAsync(TimeSpan.FromMinutes(2), "-m", "billing", "-a", workspace.Assemblies, "-o", "out");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"walkthrough: No module named 'billing' in {workspace.PathOf("migration.json")}; the modules are catalog, customers, inventory, ordering.", result.Error.Trim());
        Assert.False(Directory.Exists(workspace.PathOf("out")), "nothing was started or written");
    }
}
