using Migration.Analysis.Modules;
using Plan;

namespace Migration.Analysis.Tests.Modules;

public sealed class ModulePatternTests
{
    [Theory]
    [InlineData("Shop.Modules.Catalog", "Shop.Modules.Catalog", true)]
    [InlineData("shop.modules.catalog", "Shop.Modules.Catalog", true)]
    [InlineData("Shop.Modules.Catalog.Contracts", "Shop.Modules.Catalog", false)]
    [InlineData("Shop.Modules.Catalog", "Shop.*", true)]
    [InlineData("Shop.Modules.Catalog", "Shop.*.Catalog", true)]
    [InlineData("Shop.Catalog", "Shop.*.Catalog.*", false)]
    [InlineData("Other", "Shop.*", false)]
    public void Matches_AssemblyPattern_UsesWildcards(string assembly, string pattern, bool expected)
    {
        Assert.Equal(expected, ModulePattern.Parse(pattern).Matches(assembly, "Any.Namespace"));
    }

    [Theory]
    [InlineData("System.Text", true)]
    [InlineData("System.Text.Json", true)]
    [InlineData("System.TextFormatting", false)]
    [InlineData("System", false)]
    public void Matches_NamespacePattern_MatchesWholeSegments(string ns, bool expected)
    {
        Assert.Equal(expected, ModulePattern.Parse("namespace:System.Text").Matches("AnyAssembly", ns));
    }

    [Fact]
    public void TryResolve_OverlappingPatterns_MostSpecificWins()
    {
        var map = new ModuleMap([
            new ModuleDefinition("shop", [ModulePattern.Parse("Shop.*")], [], Stage.Legacy, TablesPlan.None, "shop"),
            new ModuleDefinition("catalog", [ModulePattern.Parse("Shop.Catalog")], [ModulePattern.Parse("Shop.Catalog.Contracts")], Stage.Legacy, TablesPlan.None, "catalog"),
        ]);

        Assert.True(map.TryResolve("Shop.Catalog.Contracts", "Shop.Catalog", out var module, out var part));
        Assert.Equal((1, ModulePart.Contracts), (module, part));
        Assert.True(map.TryResolve("Shop.Orders", "Shop.Orders", out module, out part));
        Assert.Equal((0, ModulePart.Implementation), (module, part));
        Assert.False(map.TryResolve("System.Runtime", "System", out _, out _));
    }
}
