using Migration.Analysis.Gate;

namespace Migration.Analysis.Tests.Gate;

public sealed class GateBaselineTests
{
    [Fact]
    public void ItemsOf_SampleEstate_NamesTheExactTypesAndTables()
    {
        var items = GateBaseline.ItemsOf(SampleEstate.Current);

        Assert.DoesNotContain(items, i => i.StartsWith("implementation reference", StringComparison.Ordinal));
        Assert.Contains(items, i => i.StartsWith("foreign table ordering -> customers: customers.customers (mapped: ", StringComparison.Ordinal));
        Assert.Contains("cycle: customers, ordering", items);
        Assert.Equal(items.Order(StringComparer.Ordinal), items);
    }

    [Fact]
    public void Check_BaselineOfTheSameEstate_Passes()
    {
        Assert.True(GateResult.Check(GateBaseline.From(SampleEstate.Current), SampleEstate.Current).Passed);
    }

    [Fact]
    public void Check_NewCoupling_FailsNamingIt()
    {
        var baseline = GateBaseline.From(SampleEstate.Current);
        var worse = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "ordering"));

        var result = GateResult.Check(baseline, worse);

        Assert.False(result.Passed);
        Assert.Contains("blocker foreign-table: ordering -> customers", result.New);
        Assert.Empty(result.Fixed);
    }

    [Fact]
    public void Check_FixedItemStillListed_FailsUntilRemoved()
    {
        var baseline = GateBaseline.From(SampleEstate.Current);
        var stale = baseline with { Items = [.. baseline.Items, "cycle: catalog, ordering"] };

        var result = GateResult.Check(stale, SampleEstate.Current);

        Assert.False(result.Passed);
        Assert.Empty(result.New);
        Assert.Equal(["cycle: catalog, ordering"], result.Fixed);
    }
}
