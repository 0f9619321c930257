using System.Collections.Frozen;
using Migration.Analysis;
using Migration.Analysis.Modules;
using Migration.Analysis.Reports;
using Plan;

namespace Migration.Analysis.Tests;

/// <summary>The sample estate as built into this folder, its plan, and its analysis (computed once).</summary>
internal static class SampleEstate
{
    public static MigrationPlan Plan { get; } = PlanFile.Load(Path.Combine(AppContext.BaseDirectory, "migration.json"));

    public static IReadOnlyList<string> Assemblies { get; } =
        [.. Directory.EnumerateFiles(AppContext.BaseDirectory, "Shop.*.dll").Order(StringComparer.Ordinal)];

    private static readonly Lazy<AnalysisReport> CurrentReport = new(() => Analyzer.Analyze(Request(Plan)));

    public static AnalysisReport Current => CurrentReport.Value;

    public static AnalysisRequest Request(MigrationPlan plan, string? whatIf = null) =>
        new(Assemblies, ModuleMap.FromPlan(plan)) { WhatIf = whatIf };

    /// <summary>The plan with one module moved to another stage.</summary>
    public static MigrationPlan WithStage(string module, Stage stage) =>
        Plan with { Modules = Plan.Modules.Values.Select(m => m.Name == module ? m with { Stage = stage } : m).ToFrozenDictionary(m => m.Name, StringComparer.Ordinal) };
}

/// <summary>The fixture estate that breaks the rules: module alpha reaches into beta's implementation.</summary>
internal static class ViolatingFixture
{
    public static AnalysisReport Analyze(string? whatIf = null)
    {
        var fixture = typeof(ViolatingEstate.Alpha.AlphaService).Assembly.Location;
        var map = ModuleMap.FromPatterns([
            ("alpha", ["namespace:ViolatingEstate.Alpha"], ["namespace:ViolatingEstate.Alpha.Contracts"]),
            ("beta", ["namespace:ViolatingEstate.Beta"], ["namespace:ViolatingEstate.Beta.Contracts"])]);
        return Analyzer.Analyze(new AnalysisRequest([fixture], map) { ReadEfModels = false, WhatIf = whatIf });
    }
}
