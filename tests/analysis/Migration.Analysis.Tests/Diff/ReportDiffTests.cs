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
}
