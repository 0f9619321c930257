using Migration.Analysis.Diff;

namespace Migration.Analysis.Tests.Diff;

public sealed class ReportDiffTests
{
    [Fact]
    public void Compare_SameReport_IsEmpty()
    {
        var diff = ReportDiff.Compare(SampleEstate.Current, SampleEstate.Current);

        Assert.True(diff.IsEmpty);
        Assert.Contains("No change.", diff.ToMarkdown("a.json", "b.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_BeforeAndAfterOrderingLeaves_ListsTheBlockersAndTheCrossingEdges()
    {
        var after = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "ordering"));

        var diff = ReportDiff.Compare(SampleEstate.Current, after);

        Assert.Contains("foreign-table: ordering -> customers", diff.BlockersAdded);
        Assert.Contains(diff.BlockersAdded, b => b.StartsWith("cycle: ", StringComparison.Ordinal));
        Assert.Empty(diff.BlockersRemoved);
        Assert.Contains(diff.EdgesChanged, e => e.StartsWith("ordering -> catalog:", StringComparison.Ordinal) && e.EndsWith("now crosses deployables", StringComparison.Ordinal));
        Assert.Contains("## Blockers that appeared", diff.ToMarkdown("before.json", "after.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_EdgeGone_ListsItAndTheMetricDeltas()
    {
        var before = SampleEstate.Current;
        var after = before with { Edges = [.. before.Edges.Where(e => e.From != "inventory" || e.To != "catalog")], Modules = [.. before.Modules.Select(m => m.Name == "catalog" ? m with { Afferent = m.Afferent - 1 } : m)] };

        var diff = ReportDiff.Compare(before, after);

        Assert.Equal(["inventory -> catalog"], diff.EdgesRemoved);
        var delta = Assert.Single(diff.Metrics);
        Assert.Equal(("catalog", "Ca", -1.0), (delta.Module, delta.Metric, delta.After - delta.Before));
    }

    [Fact]
    public void Compare_SameCodeNewBoundary_MeasuresBothAgainstTheNewBoundary()
    {
        var after = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "inventory"));

        var diff = ReportDiff.Compare(SampleEstate.Current, after);

        // The code is the same, so what has to cross inventory's boundary is the same on both sides.
        var crossing = after.Edges.Where(e => e.CrossesDeployables).ToList();
        Assert.All(crossing, e => Assert.True(e.From == "inventory" || e.To == "inventory"));
        Assert.Equal(new BoundaryCoupling(crossing.Count, crossing.Sum(e => e.TypeReferences), 0, 0), diff.BoundaryAfter);
        Assert.Equal(diff.BoundaryAfter, diff.BoundaryBefore);
        Assert.Equal("inventory-service", diff.Placement["inventory"]);
        Assert.Contains("## Coupling across the process boundaries of after.json", diff.ToMarkdown("before.json", "after.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_CouplingPaidOffBeforeAnExtraction_ShowsLessCrossingTheBoundary()
    {
        var extracted = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "inventory"));
        // The same estate after paying off ordering -> inventory (as if ordering no longer called the facade).
        var paidOff = extracted with { Edges = [.. extracted.Edges.Where(e => e is not { From: "ordering", To: "inventory" })] };
        var removed = extracted.Edges.Single(e => e is { From: "ordering", To: "inventory" });

        var diff = ReportDiff.Compare(SampleEstate.Current, paidOff);

        Assert.Equal(diff.BoundaryBefore.Dependencies - 1, diff.BoundaryAfter.Dependencies);
        Assert.Equal(diff.BoundaryBefore.TypeReferences - removed.TypeReferences, diff.BoundaryAfter.TypeReferences);
        Assert.Matches(@"\| dependencies that cross \| \d+ \| \d+ \|", diff.ToMarkdown("before.json", "after.json"));
    }

    [Fact]
    public void Compare_AllInOneDeployable_HasNoBoundarySection()
    {
        var diff = ReportDiff.Compare(SampleEstate.Current, SampleEstate.Current);

        Assert.Equal(new BoundaryCoupling(0, 0, 0, 0), diff.BoundaryAfter);
        Assert.DoesNotContain("process boundaries", diff.ToMarkdown("a.json", "b.json"), StringComparison.Ordinal);
    }
}
