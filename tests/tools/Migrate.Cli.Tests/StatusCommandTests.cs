
namespace Migrate.Cli.Tests;

/// <summary>`migrate status`: from the plan file, or live from the proxy's admin API.</summary>
public sealed class StatusCommandTests
{
    private const string Token = "status-test-token";

    [Fact]
    public async Task Status_WithoutProxy_ListsThePlansModules()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("module", lines[1], StringComparison.Ordinal);
        Assert.Equal(["catalog", "customers", "inventory", "ordering"], lines[2..].Select(l => l.Split(' ')[0]));
        Assert.All(lines[2..], l => Assert.Contains(" legacy ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_MissingPlan_IsBadInputInOneLine()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("status", "--plan", "nope.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("migrate: nope.json: no such plan file.", result.Error.Trim());
    }

    [Fact]
    public async Task Status_ThroughTheProxy_ShowsStagesAndTheGate()
    {
        using var workspace = new Workspace();
        await File.WriteAllTextAsync(workspace.PathOf("migration.json"), """
            { "legacy": { "service": "legacy" },
              "modules": {
                "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "shadow" },
                "inventory": { "routes": ["/api/inventory/{**rest}"], "service": "inventory-service", "stage": "canary", "canary": { "percent": 25 } } } }
            """, TestContext.Current.CancellationToken);
        await using var host = AdminProxy.Start(workspace, Token, "catalog-service", "inventory-service");

        var result = await workspace.RunAsync("status", "--proxy", host.ManagementAddress.ToString(), "--token", Token);
        var refused = await workspace.RunAsync("status", "--proxy", host.ManagementAddress.ToString(), "--token", "wrong");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^catalog\s+shadow\s+-\s+0\s+0\s+0\s+0\.00 %\s+held: ", rows.Single(r => r.StartsWith("catalog", StringComparison.Ordinal)));
        Assert.Matches(@"^inventory\s+canary\s+25 %\s+0\s+0\b", rows.Single(r => r.StartsWith("inventory", StringComparison.Ordinal)));
        Assert.Equal((2, "migrate: " + host.ManagementAddress + ": the admin token was refused (401)."), (refused.ExitCode, refused.Error.Trim()));
    }
}
