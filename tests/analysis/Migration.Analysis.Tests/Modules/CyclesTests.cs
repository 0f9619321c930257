using Migration.Analysis.Modules;

namespace Migration.Analysis.Tests.Modules;

public sealed class CyclesTests
{
    [Fact]
    public void Find_Chain_HasNoCycle()
    {
        Assert.Empty(Cycles.Find(["a", "b", "c"], [Edge("a", "b"), Edge("b", "c")]));
    }

    [Fact]
    public void Find_TwoCircles_ReportsEachWithItsEdges()
    {
        var cycles = Cycles.Find(["a", "b", "c", "d", "e"],
            [Edge("a", "b"), Edge("b", "a"), Edge("c", "d"), Edge("d", "e"), Edge("e", "c"), Edge("b", "c")]);

        Assert.Equal(2, cycles.Count);
        Assert.Equal(["a", "b"], cycles[0].Modules);
        Assert.Equal(["a -> b", "b -> a"], cycles[0].Edges.Select(e => $"{e.From} -> {e.To}"));
        Assert.Equal(["c", "d", "e"], cycles[1].Modules);
        Assert.Equal(3, cycles[1].Edges.Count);
    }

    private static (string From, string To) Edge(string from, string to) => (from, to);
}
