using System.Collections.Frozen;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;

namespace Migration.Analysis.Tests.Reading;

public sealed class AssemblyScannerTests
{
    private static readonly ModuleMap Map = ModuleMap.FromPlan(SampleEstate.Plan);

    [Fact]
    public void Scan_ModuleImplementation_FoldsNestedAndGeneratedTypesIntoTheirTopLevelType()
    {
        var ordering = AssemblyScanner.Scan(Path.Combine(AppContext.BaseDirectory, "Shop.Modules.Ordering.dll"), Map);

        Assert.All(ordering.Types, t => Assert.DoesNotContain('<', t.FullName));
        Assert.All(ordering.Types, t => Assert.DoesNotContain('+', t.FullName));
        Assert.Contains(ordering.References, r => ordering.Types[r.From].FullName == "Shop.Modules.Ordering.Apis.OrderPlacement"
            && r.ToFullName == "Shop.Modules.Catalog.Contracts.ICatalogFacade" && r.ToPart == ModulePart.Contracts);
    }

    [Fact]
    public void Scan_Contracts_ReferenceNoOtherModule()
    {
        var contracts = AssemblyScanner.Scan(Path.Combine(AppContext.BaseDirectory, "Shop.Modules.Catalog.Contracts.dll"), Map);

        Assert.NotEmpty(contracts.Types);
        Assert.All(contracts.Types, t => Assert.Equal(ModulePart.Contracts, t.Part));
        Assert.Empty(contracts.References);
    }

    [Fact]
    public void Scan_CodeOutsideEveryModule_RecordsNothing()
    {
        var withoutHost = ModuleMap.FromPlan(SampleEstate.Plan with { Supporting = SampleEstate.Plan.Supporting.Where(s => s.Value.Role != Plan.ModuleRole.Host).ToFrozenDictionary() });
        var host = AssemblyScanner.Scan(Path.Combine(AppContext.BaseDirectory, "Shop.Host.dll"), withoutHost);

        Assert.Empty(host.Types);
        Assert.Empty(host.References);
        Assert.Contains("Shop.Modules.Catalog", host.ReferencedAssemblies);
    }
}
