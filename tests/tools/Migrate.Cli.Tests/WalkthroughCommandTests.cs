namespace Migrate.Cli.Tests;

/// <summary>The sample's walkthrough: the sample estate started from its AppHost, migrated under traffic, and reported.</summary>
public sealed class WalkthroughCommandTests
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
        Assert.Equal(2, html.Split("<svg ").Length - 1); // The coupling graph of the baseline and of the state after.
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
