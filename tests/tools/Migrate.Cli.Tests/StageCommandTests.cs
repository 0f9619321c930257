using System.Text.Json.Nodes;

namespace Migrate.Cli.Tests;

/// <summary>`migrate stage` and `migrate shadow`: through the proxy's admin API (gate applied), or by editing the plan.</summary>
public sealed class StageCommandTests
{
    private const string Token = "cli-test-token";

    private static string StageIn(Workspace workspace, string module) =>
        JsonNode.Parse(File.ReadAllText(workspace.PathOf("migration.json")))!["modules"]![module]!["stage"]!.GetValue<string>();

    [Fact]
    public async Task Stage_WithoutProxy_EditsThePlanFile()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("stage", "catalog", "shadow");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("shadow", StageIn(workspace, "catalog"));
        Assert.Contains("catalog: legacy -> shadow in ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_PromotionWithoutProxy_NeedsForce()
    {
        using var workspace = new Workspace();

        var refused = await workspace.RunAsync("stage", "catalog", "canary", "--percent", "10");
        Assert.Equal(("legacy", 2), (StageIn(workspace, "catalog"), refused.ExitCode));
        Assert.Equal("migrate: The promotion gate needs the proxy's shadow comparisons: use --proxy, or --force to edit the plan without it.", refused.Error.Trim());

        var forced = await workspace.RunAsync("stage", "catalog", "canary", "--percent", "10", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("canary", StageIn(workspace, "catalog"));
    }

    [Fact]
    public async Task Stage_UnknownStage_IsBadInputInOneLine()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("stage", "catalog", "sideways");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("migrate: Unknown stage 'sideways'; expected one of legacy, shadow, canary, extracted, retired.", result.Error.Trim());
    }

    [Fact]
    public async Task Stage_ThroughTheProxy_GateRefusesWithTheReasonAndForceGoesThrough()
    {
        using var workspace = new Workspace();
        await File.WriteAllTextAsync(workspace.PathOf("migration.json"), """
            { "legacy": { "service": "legacy" },
              "modules": { "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "shadow" } } }
            """, TestContext.Current.CancellationToken);
        await using var host = AdminProxy.Start(workspace, Token, "catalog-service");
        var proxyAddress = host.ManagementAddress.ToString();

        var report = await workspace.RunAsync("shadow", "catalog", "--proxy", proxyAddress, "--token", Token);
        var refused = await workspace.RunAsync("stage", "catalog", "canary", "-p", "10", "--proxy", proxyAddress, "--token", Token);
        var noToken = await workspace.RunAsync("stage", "catalog", "canary", "-p", "10", "--proxy", proxyAddress, "--token", "wrong");
        var forced = await workspace.RunAsync("stage", "catalog", "canary", "-p", "10", "--proxy", proxyAddress, "--token", Token, "--force", "-r", "trusting the tests");

        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("catalog (shadow), since ", report.Out, StringComparison.Ordinal);
        Assert.Contains("Promotion gate: closed. Only 0 comparison(s) of catalog", report.Out, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("migrate: refused: Only 0 comparison(s) of catalog since ", refused.Error.Split('\n')[^2], StringComparison.Ordinal);
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("the admin token was refused (401)", noToken.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("catalog is at canary (10 %).", forced.Out.Trim());
        Assert.Equal("canary", StageIn(workspace, "catalog"));
    }
}
