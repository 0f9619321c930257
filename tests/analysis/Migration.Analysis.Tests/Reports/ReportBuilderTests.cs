using Migration.Analysis.Graph;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;
using Migration.Analysis.Reports;
using Migration.Analysis.Stages;

namespace Migration.Analysis.Tests.Reports;

public sealed class ReportBuilderTests
{
    // Three modules in one cycle: a -> b -> c -> a, and b -> a.
    private static readonly ModuleMap Map = ModuleMap.FromPatterns(
        [("a", ["namespace:A"], []), ("b", ["namespace:B"], []), ("c", ["namespace:C"], [])]);

    [Fact]
    public void Build_WhatIfOneModuleOfACycleLeaves_ListsOnlyTheCycleEdgesThatCross()
    {
        var report = ReportBuilder.Build(CycleGraph(), [], Scenario.WhatIf(Map, "c"), ["Fixture"], []);

        var cycle = Assert.Single(report.Blockers, b => b.Kind == Blocker.Cycle);
        Assert.Equal("a, b, c", cycle.From);
        Assert.Equal(["b -> c: B.First -> C.Only", "c -> a: C.Only -> A.Only"], cycle.Examples);
    }

    [Fact]
    public void Build_CycleEvidence_IsTheFirstTypePairOfEachEdgeInOrdinalOrder()
    {
        var report = ReportBuilder.Build(CycleGraph(), [], Scenario.WhatIf(Map, "b"), ["Fixture"], []);

        var cycle = Assert.Single(report.Blockers, b => b.Kind == Blocker.Cycle);
        Assert.Equal(["a -> b: A.Only -> B.First", "b -> a: B.First -> A.Only", "b -> c: B.First -> C.Only"], cycle.Examples);
    }

    private static ModuleGraph CycleGraph()
    {
        // Types: A.Only (0), B.Second (1), B.First (2), C.Only (3); B.Second is listed first on purpose.
        ScannedType[] types =
        [
            new("Fixture", "A.Only", 0, ModulePart.Implementation, false),
            new("Fixture", "B.Second", 1, ModulePart.Implementation, false),
            new("Fixture", "B.First", 1, ModulePart.Implementation, false),
            new("Fixture", "C.Only", 2, ModulePart.Implementation, false),
        ];
        TypeReference To(int from, int to) => new(from, "Fixture", types[to].FullName, types[to].Module, ModulePart.Implementation, 1);
        var assembly = new ScannedAssembly("Fixture", "Fixture.dll", types,
            [To(0, 2), To(1, 3), To(2, 3), To(3, 0), To(1, 0), To(2, 0)], [], []);
        return ModuleGraph.Build(Map, [assembly]);
    }
}
