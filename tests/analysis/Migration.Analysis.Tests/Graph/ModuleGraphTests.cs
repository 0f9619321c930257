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
        ScannedAssembly Defining(string name) => new(name, name + ".dll", [new(name, Shared, 1, ModulePart.Implementation, false)], [], [], []);

        var graph = ModuleGraph.Build(Map, [assembly, Defining("B.One"), Defining("B.Two")]);

        Assert.Equal(2, graph.Types[0].Efferent);
        Assert.Equal(1, graph.Types[1].Afferent);
        var edge = Assert.Single(graph.Edges);
        Assert.Equal(6, edge.Uses);
    }

    [Fact]
    public void Build_ReferenceToATypeNoAnalysedAssemblyDefines_IsAnExternalDependencyNotCoupling()
    {
        // "B.Missing" resolves to module b by its namespace, but no analysed assembly defines it.
        ScannedType[] types = [new("App", "A.User", 0, ModulePart.Implementation, false)];
        var app = new ScannedAssembly("App", "App.dll", types,
        [
            new TypeReference(0, "Lib", "B.Missing", 1, ModulePart.Implementation, 4),
            new TypeReference(0, "B.Facade", "B.Real", 1, ModulePart.Implementation, 1),
        ], [], [])
        {
            External = [new ExternalUse(0, "Framework", 7)],
        };
        var b = new ScannedAssembly("B.Impl", "B.Impl.dll", [new("B.Impl", "B.Real", 1, ModulePart.Implementation, false)], [], [], []);
        var facade = new ScannedAssembly("B.Facade", "B.Facade.dll", [], [], [], []) { Forwarded = new Dictionary<string, string> { ["B.Real"] = "B.Impl" } };

        var graph = ModuleGraph.Build(Map, [app, b, facade]);

        var edge = Assert.Single(graph.Edges);
        Assert.Equal(("a", "b", 1), (edge.From, edge.To, edge.Uses));
        Assert.Equal(1, graph.Types[1].Afferent);
        Assert.Equal(
            [new ExternalDependency("Framework", ["a"], 7), new ExternalDependency("Lib", ["a"], 4)],
            graph.External.Select(d => d with { UsedBy = [.. d.UsedBy] }),
            (x, y) => x.Assembly == y.Assembly && x.Uses == y.Uses && x.UsedBy.SequenceEqual(y.UsedBy));
    }
}
