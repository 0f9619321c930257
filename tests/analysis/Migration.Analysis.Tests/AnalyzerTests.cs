using Migration.Analysis.Modules;
using Migration.Analysis.Reports;
using Plan;

namespace Migration.Analysis.Tests;

public sealed class AnalyzerTests
{
    [Fact]
    public void Analyze_SampleEstate_ModulesReachEachOtherThroughContractsOnly()
    {
        var betweenModules = SampleEstate.Current.Edges.Where(e => IsModule(e.From) && IsModule(e.To)).ToList();

        Assert.NotEmpty(betweenModules);
        Assert.All(betweenModules, e => Assert.Equal((0, e.TypeReferences), (e.IntoImplementation, e.IntoContracts)));
        Assert.All(SampleEstate.Current.Edges, e => Assert.Empty(e.ImplementationReferences));
    }

    [Fact]
    public void Analyze_SampleEstate_SharedKernelAndHostNeverBlock()
    {
        var report = Analyzer.Analyze(SampleEstate.Request(SampleEstate.WithStage("catalog", Stage.Extracted)));

        // Every module uses the shared building blocks' implementation; none of it crosses a deployable.
        Assert.Equal(["catalog", "customers", "inventory", "ordering"], report.Edges.Where(e => e.To == "building-blocks" && !e.Wiring && e.IntoImplementation > 0).Select(e => e.From));
        Assert.All(report.Edges.Where(e => e.To == "building-blocks"), e => Assert.False(e.CrossesDeployables));
        // The host registers every module: wiring, on its own, never crossing.
        Assert.Equal(["building-blocks", "catalog", "customers", "inventory", "ordering"], report.Edges.Where(e => e.From == "host").Select(e => e.To));
        Assert.All(report.Edges.Where(e => e.From == "host"), e => Assert.True(e.Wiring && !e.CrossesDeployables));
        Assert.Equal(("shared", "legacy"), (report.Modules.Single(m => m.Name == "building-blocks").Role, report.Modules.Single(m => m.Name == "host").Deployable));
        Assert.DoesNotContain(report.Readiness, r => r.Module is "host" or "building-blocks");
        Assert.DoesNotContain(report.Blockers, b => b.From is "host" or "building-blocks" || b.To is "host" or "building-blocks");
        // The outbox and inbox entities come from the shared kernel; the module whose DbContext maps them uses those tables.
        Assert.Equal(["catalog"], report.Tables.Single(t => t.Table == "catalog.outbox_messages").UsedBy.Select(u => u.Module).Distinct());
    }

    [Fact]
    public void Analyze_SampleEstate_FrameworkAndLibrariesAreExternalDependencies()
    {
        var external = SampleEstate.Current.External.ToDictionary(d => d.Assembly);

        Assert.Equal(["building-blocks", "catalog", "customers", "host", "inventory", "ordering"], external["System.Runtime"].UsedBy);
        Assert.Contains("catalog", external["Microsoft.EntityFrameworkCore"].UsedBy);
        Assert.DoesNotContain(SampleEstate.Current.External, d => d.Assembly.StartsWith("Shop.", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_WhatIfTheHost_IsRefused()
    {
        var error = Assert.Throws<AnalysisException>(() => Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "host")));

        Assert.Equal("Module 'host' is the host: it is never extracted.", error.Message);
    }

    [Fact]
    public void Analyze_ModuleNamedShared_IsAnExtractableModuleLikeAnyOther()
    {
        // Roles decide what a shared module is, not the name of its deployable.
        var map = ModuleMap.FromPatterns([("shared", ["Shop.Modules.Catalog"], ["Shop.Modules.Catalog.Contracts"]), ("ordering", ["Shop.Modules.Ordering"], ["Shop.Modules.Ordering.Contracts"])]);
        var report = Analyzer.Analyze(new AnalysisRequest(SampleEstate.Assemblies, map) { ReadEfModels = false, WhatIf = "shared" });

        var edge = report.Edges.Single(e => e is { From: "ordering", To: "shared" });
        Assert.True(edge.CrossesDeployables);
        Assert.Equal("module", report.Modules.Single(m => m.Name == "shared").Role);
    }

    private static bool IsModule(string name) => SampleEstate.Plan.Modules.ContainsKey(name);

    [Fact]
    public void Analyze_ReferenceIntoAnotherModulesImplementation_ListsTheTypes()
    {
        var report = ViolatingFixture.Analyze();

        var edge = report.Edges.Single(e => e is { From: "alpha", To: "beta" });
        Assert.Equal(1, edge.IntoImplementation);
        Assert.Equal(["ViolatingEstate.Alpha.AlphaService -> ViolatingEstate.Beta.BetaRepository"], edge.ImplementationReferences);
    }

    [Fact]
    public void Analyze_SampleEstate_MetricsFollowFromTheTypeCounts()
    {
        foreach (var module in SampleEstate.Current.Modules)
        {
            Assert.True(module.Types > 0, module.Name);
            var coupling = module.Afferent + module.Efferent;
            Assert.Equal(coupling == 0 ? 0 : Math.Round((double)module.Efferent / coupling, 3), module.Instability);
            Assert.Equal(Math.Round((double)module.AbstractTypes / module.Types, 3), module.Abstractness);
            Assert.Equal(Math.Round(Math.Abs(module.Abstractness + module.Instability - 1), 3), module.Distance, 0.002);
        }

        // Catalog is used by others and uses none of them, only the shared building blocks.
        Assert.Equal(["building-blocks"], SampleEstate.Current.Edges.Where(e => e.From == "catalog").Select(e => e.To));
    }

    [Fact]
    public void Analyze_SampleEstate_ReadsTablesFromEachEfCoreModel()
    {
        var tables = SampleEstate.Current.Tables.ToDictionary(t => t.Table);

        Assert.Equal("catalog", tables["catalog.products"].Owner);
        Assert.Equal("ordering", tables["ordering.orders"].Owner);
        // Ordering still maps the customers table: the legacy data coupling.
        Assert.Equal(["customers", "ordering"], tables["customers.customers"].UsedBy.Select(u => u.Module).Distinct());
        Assert.All(tables["customers.customers"].UsedBy, u => Assert.Equal("mapped", u.Kind));
        Assert.Empty(SampleEstate.Current.Warnings);
    }

    [Fact]
    public void Analyze_SampleEstate_FindsTheEventCycle()
    {
        var cycle = Assert.Single(SampleEstate.Current.Cycles);

        Assert.Equal(["customers", "ordering"], cycle.Modules);
        Assert.False(cycle.CrossesDeployables);
    }

    [Fact]
    public void Analyze_AllInTheMonolith_HasNoBlockers()
    {
        Assert.Empty(SampleEstate.Current.Blockers);
        Assert.All(SampleEstate.Current.Edges, e => Assert.False(e.CrossesDeployables));
    }

    [Fact]
    public void Analyze_WhatIfCatalogWereExtracted_NothingBlocks()
    {
        var report = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "catalog"));

        Assert.Empty(report.Blockers);
        Assert.Equal("catalog-service", report.Modules.Single(m => m.Name == "catalog").Deployable);
        Assert.All(report.Edges, e => Assert.Equal((e.From == "catalog" || e.To == "catalog") && !e.Wiring && e.To != "building-blocks", e.CrossesDeployables));
    }

    [Fact]
    public void Analyze_WhatIfOrderingWereExtracted_BlocksOnTheCustomersTable()
    {
        var report = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "ordering"));

        var blocker = Assert.Single(report.Blockers, b => b.Kind == Blocker.ForeignTable);
        Assert.Equal(("ordering", "customers"), (blocker.From, blocker.To));
        Assert.Contains(blocker.Examples, e => e.EndsWith("-> customers.customers", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_CustomersInItsOwnService_BlocksOnTheSharedTableAndTheCycle()
    {
        var report = Analyzer.Analyze(SampleEstate.Request(SampleEstate.WithStage("customers", Stage.Canary)));

        Assert.Contains(report.Blockers, b => b.Kind == Blocker.ForeignTable && b.From == "ordering" && b.To == "customers");
        Assert.Contains(report.Blockers, b => b.Kind == Blocker.Cycle && b.From == "customers, ordering");
        Assert.DoesNotContain("customers", report.Readiness.Select(r => r.Module));
    }

    [Fact]
    public void Analyze_SampleEstate_ReadinessNamesWhatBlocksEachModule()
    {
        var ordering = SampleEstate.Current.Readiness.Single(r => r.Module == "ordering");

        Assert.Equal(ordering.BlockedBy.Count, ordering.Blockers);
        var table = Assert.Single(ordering.BlockedBy, b => b.Kind == Blocker.ForeignTable);
        Assert.Equal(["mapped: OrderingDbContext: Shop.Modules.Ordering.Legacy.CustomerRecord -> customers.customers"], table.Examples);
        var cycle = Assert.Single(ordering.BlockedBy, b => b.Kind == Blocker.Cycle);
        Assert.Equal(
            ["customers -> ordering: Shop.Modules.Customers.Handlers.OrderStatsHandlers -> Shop.Modules.Ordering.Contracts.OrderCancelled",
             "ordering -> customers: Shop.Modules.Ordering.Apis.OrderPlacement -> Shop.Modules.Customers.Contracts.CustomerSummary"],
            cycle.Examples);
        Assert.Empty(SampleEstate.Current.Readiness.Single(r => r.Module == "catalog").BlockedBy);
    }

    [Fact]
    public void Analyze_SampleEstate_RanksModulesByBlockersThenCrossingReferences()
    {
        var readiness = SampleEstate.Current.Readiness;

        Assert.Equal(Enumerable.Range(1, 4), readiness.Select(r => r.Rank));
        Assert.Equal(readiness.OrderBy(r => r.Blockers).ThenBy(r => r.CrossingReferences).Select(r => r.Module), readiness.Select(r => r.Module));
        Assert.Equal("ordering", readiness[^1].Module);
    }

    [Fact]
    public void Analyze_ModuleAssemblyMissing_FailsNamingIt()
    {
        var files = SampleEstate.Assemblies.Where(f => !f.EndsWith("Shop.Modules.Catalog.dll", StringComparison.Ordinal)).ToList();

        var error = Assert.Throws<AnalysisException>(() => Analyzer.Analyze(new AnalysisRequest(files, ModuleMap.FromPlan(SampleEstate.Plan))));

        Assert.Contains("Shop.Modules.Catalog", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CorruptAssembly_FailsNamingTheFile()
    {
        var corrupt = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.dll");
        File.WriteAllBytes(corrupt, [0x4D, 0x5A, 0x90, 0x00, 0x03]);
        try
        {
            var error = Assert.Throws<AnalysisException>(() => Analyzer.Analyze(new AnalysisRequest([.. SampleEstate.Assemblies, corrupt], ModuleMap.FromPlan(SampleEstate.Plan))));

            Assert.Contains(corrupt, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(corrupt);
        }
    }

    [Fact]
    public void Analyze_UnknownWhatIfModule_FailsListingTheModules()
    {
        var error = Assert.Throws<AnalysisException>(() => Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "billing")));

        Assert.Equal("No module named 'billing'; the modules are catalog, customers, inventory, ordering.", error.Message);
    }

    [Fact]
    public void Analyze_NamespaceModules_FoldsOneAssemblyIntoModules()
    {
        var fixture = typeof(ViolatingEstate.Alpha.AlphaService).Assembly.Location;
        var map = NamespaceModules.Discover([fixture], depth: 2);

        var report = Analyzer.Analyze(new AnalysisRequest([fixture], map) { ReadEfModels = false });

        Assert.Equal(["ViolatingEstate.Alpha", "ViolatingEstate.Beta"], report.Modules.Select(m => m.Name));
        Assert.Contains(report.Edges, e => e is { From: "ViolatingEstate.Alpha", To: "ViolatingEstate.Beta" });
        Assert.Single(report.Cycles);
    }
}
