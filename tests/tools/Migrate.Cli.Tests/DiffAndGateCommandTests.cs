namespace Migrate.Cli.Tests;

public sealed class DiffAndGateCommandTests
{
    [Fact]
    public async Task Diff_BeforeAndAfterAnExtraction_ListsTheBlocker()
    {
        using var workspace = new Workspace();
        await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "-f", "json", "-o", "before");
        await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "-f", "json", "-o", "after", "--what-if", "ordering");

        var result = await workspace.RunAsync("diff", "before/coupling.json", "after/coupling.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("## Blockers that appeared", result.Out, StringComparison.Ordinal);
        // Only assemblies here, no EF Core models: the cycle through ordering blocks, not the shared table.
        Assert.Contains("## Blockers that appeared\n\n- cycle: customers, ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_Ratchet_CreatesPassesFailsOnNewAndOnFixed()
    {
        using var workspace = new Workspace();
        var baseline = workspace.PathOf("gate.json");

        var missing = await workspace.RunAsync("gate", "-a", workspace.Assemblies, "--baseline", baseline);
        Assert.Equal(2, missing.ExitCode);

        var created = await workspace.RunAsync("gate", "-a", workspace.Assemblies, "--baseline", baseline, "--update");
        Assert.True(created.ExitCode == 0, created.ToString());

        var passed = await workspace.RunAsync("gate", "-a", workspace.Assemblies, "--baseline", baseline);
        Assert.True(passed.ExitCode == 0, passed.ToString());

        // Worse: ordering in its own service turns its cycle with customers into a blocker.
        var worse = await workspace.RunAsync("gate", "-a", workspace.Assemblies, "--baseline", baseline, "--what-if", "ordering");
        Assert.Equal(1, worse.ExitCode);
        Assert.Contains("NEW    blocker cycle: customers, ", worse.Out, StringComparison.Ordinal);

        // Better than the baseline says: fails until the item is removed, which --update does.
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace("\"items\": [", "\"items\": [\n    \"cycle: catalog, inventory\",", StringComparison.Ordinal));
        var stale = await workspace.RunAsync("gate", "-a", workspace.Assemblies, "--baseline", baseline);
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("FIXED  cycle: catalog, inventory", stale.Out, StringComparison.Ordinal);

        var shrunk = await workspace.RunAsync("gate", "-a", workspace.Assemblies, "--baseline", baseline, "--update");
        Assert.True(shrunk.ExitCode == 0, shrunk.ToString());
        Assert.DoesNotContain("cycle: catalog, inventory", File.ReadAllText(baseline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_FixtureBreakingTheRules_IsRejectedNamingTheTypes()
    {
        using var workspace = new Workspace();
        var baseline = workspace.PathOf("empty.json");
        File.WriteAllText(baseline, """{ "formatVersion": 1, "items": [] }""");

        var result = await workspace.RunAsync("gate", "--baseline", baseline, "--no-ef-models",
            "-a", Path.Combine(AppContext.BaseDirectory, "ViolatingEstate.dll"),
            "-m", "alpha=namespace:ViolatingEstate.Alpha", "--contracts", "alpha=namespace:ViolatingEstate.Alpha.Contracts",
            "-m", "beta=namespace:ViolatingEstate.Beta", "--contracts", "beta=namespace:ViolatingEstate.Beta.Contracts");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NEW    implementation reference alpha -> beta: ViolatingEstate.Alpha.AlphaService -> ViolatingEstate.Beta.BetaRepository", result.Out, StringComparison.Ordinal);
        Assert.Contains("NEW    cycle: alpha, beta", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_ServiceNotRunning_OneLineReasonAndNonZeroExit()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("reconcile", "catalog", "--url", "http://127.0.0.1:9", "--service-key", "k");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Error.Split('\n'), line => line.StartsWith("migrate: http://127.0.0.1:9/: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_WithoutTheServiceKey_SaysWhichAndCallsNothing()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("reconcile", "catalog", "--url", "http://127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("migrate: --service-key: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_ServiceKeyFromTheEnvironment_IsUsedAndNeverPrintedInHelp()
    {
        using var workspace = new Workspace();
        var environment = new Dictionary<string, string> { ["Estate__ServiceKey"] = "key-from-the-environment" };

        var help = await workspace.RunAsync(environment, "reconcile", "--help");
        var run = await workspace.RunAsync(environment, "reconcile", "catalog", "--url", "http://127.0.0.1:9");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--service-key", help.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("key-from-the-environment", help.ToString(), StringComparison.Ordinal);
        // Past the key: the call itself is what fails, as no service listens there.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Error.Split('\n'), line => line.StartsWith("migrate: http://127.0.0.1:9/: ", StringComparison.Ordinal));
    }
}
