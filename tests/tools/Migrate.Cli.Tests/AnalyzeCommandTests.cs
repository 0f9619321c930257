namespace Migrate.Cli.Tests;

public sealed class AnalyzeCommandTests
{
    [Fact]
    public async Task Analyze_Help_DescribesEveryOption()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--plan", "--assemblies", "--module", "--contracts", "--namespace-depth", "--what-if", "--output", "--format", "--no-ef-models" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Analyze_SampleEstate_WritesEveryFormatAndSummarises()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "--assemblies", workspace.Assemblies, "--output", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(workspace.PathOf("out/coupling.json")));
        Assert.StartsWith("# Coupling report: current", File.ReadAllText(workspace.PathOf("out/coupling.md")), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(workspace.PathOf("out/coupling.html")), StringComparison.Ordinal);
        Assert.Contains("current: 4 modules (and 1 host, 1 shared), 9 dependencies, 1 cycles, 0 blockers", result.Out, StringComparison.Ordinal);
        Assert.Contains("Scanned 10/10 assemblies", result.Error, StringComparison.Ordinal);
        // The workspace holds the estate's own assemblies only, without EF Core's providers: the tables
        // cannot be read, which is said once per DbContext, on one line, and is not an error.
        Assert.Equal(4, result.Error.Split('\n').Count(l => l.StartsWith("warning: Tables of Shop.Modules.", StringComparison.Ordinal) && l.EndsWith("to read them.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Analyze_FullBuildOutput_ReadsEveryEfCoreModel()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "-a", AppContext.BaseDirectory, "-f", "md", "-o", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("warning:", result.Error, StringComparison.Ordinal);
        Assert.Contains("| customers.customers | customers | customers (mapped), ordering (mapped) |", File.ReadAllText(workspace.PathOf("out/coupling.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WhatIf_ReportsTheBlocker()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "--what-if", "ordering", "-f", "md", "-o", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("what if ordering were extracted: 4 modules (and 1 host, 1 shared), 9 dependencies, 1 cycles, 1 blockers", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.PathOf("out/coupling.json")));
    }

    [Theory]
    [InlineData("missing-folder", "missing-folder: no such file or folder.")]
    [InlineData("plan-bad", "$.modules.catalog.stage: Unknown stage \"sideways\"")]
    [InlineData("corrupt", "not a readable .NET assembly")]
    [InlineData("module-missing", "Module 'ordering' names assembly 'Shop.Modules.Ordering', which is not among")]
    public async Task Analyze_BadInput_OneLineReasonAndNonZeroExit(string problem, string reason)
    {
        using var workspace = new Workspace();
        var assemblies = workspace.Assemblies;
        switch (problem)
        {
            case "missing-folder":
                assemblies = "missing-folder";
                break;
            case "plan-bad":
                File.WriteAllText(workspace.PathOf("migration.json"), File.ReadAllText(workspace.PathOf("migration.json")).Replace("\"stage\": \"legacy\"", "\"stage\": \"sideways\"", StringComparison.Ordinal));
                break;
            case "corrupt":
                File.WriteAllText(Path.Combine(assemblies, "Broken.dll"), "not an assembly");
                break;
            case "module-missing":
                File.Delete(Path.Combine(assemblies, "Shop.Modules.Ordering.dll"));
                break;
        }

        var result = await workspace.RunAsync("analyze", "-a", assemblies);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("migrate: ", StringComparison.Ordinal));
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_ModuleReferencingAnAbsentModuleAssembly_NamesBoth()
    {
        using var workspace = new Workspace();
        File.Delete(Path.Combine(workspace.Assemblies, "Shop.Modules.Catalog.Contracts.dll"));

        var result = await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "--no-ef-models",
            "-m", "catalog=Shop.Modules.Catalog*", "-m", "ordering=Shop.Modules.Ordering*");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("references Shop.Modules.Catalog.Contracts (module 'catalog'), which is not among the analysed assemblies.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WithoutAssemblies_SaysWhatIsMissing()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--assemblies", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_SharedAndHostOnTheCommandLine_NeitherBlocks()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "--no-ef-models", "-f", "json", "-o", "out",
            "-m", "catalog=Shop.Modules.Catalog*", "-m", "ordering=Shop.Modules.Ordering*", "--shared", "kernel=Shop.BuildingBlocks", "--host", "Shop.Host",
            "--what-if", "catalog");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("what if catalog were extracted: 2 modules (and 1 host, 1 shared), ", result.Out, StringComparison.Ordinal);
        var report = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(workspace.PathOf("out/coupling.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(["host: host legacy", "kernel: shared shared"],
            report["modules"]!.AsArray().Where(m => (string)m!["role"]! != "module").Select(m => $"{m!["name"]}: {m["role"]} {m["deployable"]}"));
        Assert.All(report["edges"]!.AsArray().Where(e => (string)e!["to"]! == "kernel" || (string)e["from"]! == "host"), e => Assert.False((bool)e!["crossesDeployables"]!));
    }

    [Fact]
    public async Task Analyze_SharedWithAPlan_SaysToPutTheRoleInThePlan()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "--shared", "kernel=Shop.BuildingBlocks");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("migrate: --shared and --host go with --module or --namespace-depth; with a plan, give modules their role there (\"role\": \"shared\" or \"host\").", result.Error.Trim());
    }

    [Fact]
    public async Task Analyze_NamespaceDepthWithAnAssemblyHostPattern_SaysToGiveANamespace()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "--namespace-depth", "2", "--host", "Shop.Host");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("migrate: With --namespace-depth, give --shared and --host as namespace: patterns (modules are namespaces then); 'Shop.Host' is not one.", result.Error.Trim());
    }

    [Fact]
    public async Task Analyze_NamespaceDepthWithANamespaceHost_TheHostTakesItsNamespaces()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("analyze", "-a", workspace.Assemblies, "--no-ef-models", "--namespace-depth", "2", "--host", "namespace:Shop.Host", "-f", "json", "-o", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(workspace.PathOf("out/coupling.json"), TestContext.Current.CancellationToken))!;
        var modules = report["modules"]!.AsArray().Select(m => (Name: (string)m!["name"]!, Role: (string)m["role"]!, Types: (int)m["types"]!)).ToList();
        Assert.DoesNotContain(modules, m => m.Name == "Shop.Host");
        Assert.Contains(modules, m => m.Name == "host" && m.Role == "host" && m.Types > 0);
    }
}
