using Migration.Analysis.Graph;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;

namespace Migration.Analysis.Tests.Graph;

public sealed class ModuleGraphTests
{
    private static readonly ModuleMap Map = ModuleMap.FromPatterns([("a", ["namespace:A"], []), ("b", ["namespace:B"], [])]);

    [Fact]
    public void Build_SameTypeNameInTwoAssemblies_CountsTwoTypes()
    {
        // One string instance (a literal) names a type of two assemblies: the graph must not take them for one.
        const string Shared = "B.Helper";
        ScannedType[] types = [new("App", "A.User", 0, ModulePart.Implementation, false)];
        var assembly = new ScannedAssembly("App", "App.dll", types,
        [
            new TypeReference(0, "B.One", Shared, 1, ModulePart.Implementation, 2),
            new TypeReference(0, "B.Two", Shared, 1, ModulePart.Implementation, 3),
            new TypeReference(0, "B.One", Shared, 1, ModulePart.Implementation, 1),
        ], [], []);

        var graph = ModuleGraph.Build(Map, [assembly]);

        Assert.Equal(2, graph.Types[0].Efferent);
        Assert.Equal(1, graph.Types[1].Afferent);
        var edge = Assert.Single(graph.Edges);
        Assert.Equal(6, edge.Uses);
    }
}
