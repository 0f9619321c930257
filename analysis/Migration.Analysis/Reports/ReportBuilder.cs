using System.Runtime.CompilerServices;
using Migration.Analysis.Data;
using Migration.Analysis.Graph;
using Migration.Analysis.Modules;
using Migration.Analysis.Stages;
using Plan;

namespace Migration.Analysis.Reports;

/// <summary>Turns the module graph and table uses into a report for one scenario.</summary>
internal static class ReportBuilder
{
    private const int ExamplesPerItem = 5;

    public static AnalysisReport Build(ModuleGraph graph, IReadOnlyList<TableUse> tableUses, Scenario scenario,
        IReadOnlyList<string> assemblies, IReadOnlyList<string> warnings)
    {
        var map = graph.Map;
        var tables = Tables(map, tableUses);
        // The cycles are the same whatever the scenario: found once, partitioned per scenario. The host's
        // wiring closes no cycle: its registrations go when a module leaves.
        var cycles = Cycles.Find([.. map.Modules.Select(m => m.Name)], [.. graph.Edges.Where(e => !scenario.IsWiring(e.From)).Select(e => (e.From, e.To))]);
        var evidence = CycleEvidence(graph, cycles);
        var blockers = Blockers(graph, tables, cycles, evidence, scenario);

        return new AnalysisReport(
            AnalysisReport.CurrentFormatVersion,
            scenario.Name,
            assemblies,
            [.. map.Modules.Select((module, i) => Module(module, graph, i, scenario, tables))],
            [.. graph.Edges.Select(edge => new EdgeReport(
                edge.From, edge.To, edge.TypePairs.Count, edge.Uses, edge.IntoContracts, edge.IntoImplementation,
                scenario.Crosses(edge.From, edge.To), Examples(edge), BoundaryViolations(edge, map, scenario)) { Wiring = scenario.IsWiring(edge.From) })],
            [.. cycles.Select(cycle => new CycleReport(
                cycle.Modules, [.. cycle.Edges.Select(e => $"{e.From} -> {e.To}")],
                cycle.Edges.Any(e => scenario.Crosses(e.From, e.To))))],
            tables,
            blockers,
            Readiness(graph, tables, cycles, evidence, scenario),
            [.. warnings.Order(StringComparer.Ordinal)])
        {
            External = graph.External,
        };
    }

    private static ModuleReport Module(ModuleDefinition module, ModuleGraph graph, int index, Scenario scenario, IReadOnlyList<TableReport> tables)
    {
        var types = graph.Types[index];
        var coupling = types.Afferent + types.Efferent;
        var instability = coupling == 0 ? 0 : (double)types.Efferent / coupling;
        var abstractness = types.Types == 0 ? 0 : (double)types.AbstractTypes / types.Types;
        var incoming = graph.Edges.Where(e => e.To == module.Name && !scenario.IsWiring(e.From)).ToList();
        return new ModuleReport(
            module.Name,
            module.Role.ToPlanName(),
            module.Stage.ToPlanName(),
            scenario.Deployables[module.Name],
            types.Types,
            types.AbstractTypes,
            types.Afferent,
            types.Efferent,
            Math.Round(instability, 3),
            Math.Round(abstractness, 3),
            Math.Round(Math.Abs(abstractness + instability - 1), 3),
            incoming.Sum(e => e.IntoContracts),
            incoming.Sum(e => e.IntoImplementation),
            [.. tables.Where(t => t.Owner == module.Name).Select(t => t.Table)]);
    }

    /// <summary>
    /// Every reference into the implementation of a module that publishes contracts: it bypasses the
    /// module's boundary. A module without declared contracts has no boundary to bypass, so its
    /// incoming references are counted but not listed; nor is the host's wiring.
    /// </summary>
    private static List<string> BoundaryViolations(ModuleEdge edge, ModuleMap map, Scenario scenario) =>
        map.Modules[map.IndexOf(edge.To)].Contracts.Count == 0 || scenario.IsWiring(edge.From)
            ? []
            : [.. edge.TypePairs.Where(p => p.Part == ModulePart.Implementation).Select(p => $"{p.From} -> {p.To}")];

    /// <summary>Implementation references first, then the most used: they are what a reader needs to see.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<string> Examples(ModuleEdge edge)
    {
        // A top-k pass: edges of large inputs have tens of thousands of pairs, and five are shown.
        var best = new List<TypePair>(ExamplesPerItem + 1);
        foreach (var pair in edge.TypePairs)
        {
            var at = best.Count;
            while (at > 0 && CompareExamples(pair, best[at - 1]) < 0)
            {
                at--;
            }

            if (at < ExamplesPerItem)
            {
                best.Insert(at, pair);
                if (best.Count > ExamplesPerItem)
                {
                    best.RemoveAt(ExamplesPerItem);
                }
            }
        }

        return [.. best.Select(p => $"{p.From} -> {p.To}")];
    }

    private static int CompareExamples(TypePair a, TypePair b)
    {
        var order = (a.Part == ModulePart.Implementation ? 0 : 1).CompareTo(b.Part == ModulePart.Implementation ? 0 : 1);
        order = order != 0 ? order : b.Uses.CompareTo(a.Uses);
        order = order != 0 ? order : string.CompareOrdinal(a.From, b.From);
        return order != 0 ? order : string.CompareOrdinal(a.To, b.To);
    }

    private static List<TableReport> Tables(ModuleMap map, IReadOnlyList<TableUse> uses) =>
        [.. uses
            .GroupBy(u => u.Table)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var owner = map.Modules.FirstOrDefault(m => m.Owns(g.Key.Schema, g.Key.Table))?.Name
                    ?? (g.Where(u => u.Kind == TableUseKind.Mapped).Select(u => u.Module).Distinct().ToList() is [var only] ? only : null);
                return new TableReport(
                    g.Key.ToString(),
                    owner,
                    [.. g.Select(u => new TableUseReport(u.Module, u.Kind == TableUseKind.Mapped ? "mapped" : "sql", u.Where))
                        .Distinct()
                        .OrderBy(u => u.Module, StringComparer.Ordinal).ThenBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Where, StringComparer.Ordinal)]);
            })];

    private static List<Blocker> Blockers(ModuleGraph graph, IReadOnlyList<TableReport> tables, IReadOnlyList<ModuleCycle> cycles,
        Dictionary<(string From, string To), string> evidence, Scenario scenario)
    {
        var blockers = new List<Blocker>();
        foreach (var edge in graph.Edges.Where(e => e.IntoImplementation > 0 && scenario.Crosses(e.From, e.To)))
        {
            blockers.Add(new Blocker(Blocker.ImplementationReference, edge.From, edge.To,
                $"{edge.IntoImplementation} type reference(s) from {edge.From} into the implementation of {edge.To}, across deployables ({scenario.Deployables[edge.From]} -> {scenario.Deployables[edge.To]}); only contracts may cross.",
                [.. edge.TypePairs.Where(p => p.Part == ModulePart.Implementation).Take(ExamplesPerItem).Select(p => $"{p.From} -> {p.To}")]));
        }

        foreach (var table in tables.Where(t => t.Owner is not null))
        {
            foreach (var user in table.UsedBy.Where(u => u.Module != table.Owner && scenario.CrossesData(u.Module, table.Owner!)).GroupBy(u => u.Module))
            {
                blockers.Add(new Blocker(Blocker.ForeignTable, user.Key, table.Owner!,
                    $"{user.Key} uses table {table.Table} of {table.Owner}, across deployables ({scenario.Deployables[user.Key]} -> {scenario.Deployables[table.Owner!]}).",
                    [.. user.Take(ExamplesPerItem).Select(u => $"{u.Kind}: {u.Where} -> {table.Table}")]));
            }
        }

        foreach (var cycle in cycles)
        {
            var deployables = cycle.Modules.Select(m => scenario.Deployables[m]).Distinct().Order(StringComparer.Ordinal).ToList();
            if (cycle.Edges.Any(e => scenario.Crosses(e.From, e.To)))
            {
                // The cycle's edges that would be network calls: those between modules that stay together are not.
                blockers.Add(new Blocker(Blocker.Cycle, string.Join(", ", cycle.Modules), string.Join(", ", deployables),
                    $"Modules {string.Join(", ", cycle.Modules)} depend on each other across deployables: a distributed monolith.",
                    [.. cycle.Edges.Where(e => scenario.Crosses(e.From, e.To)).Select(e => $"{e.From} -> {e.To}: {evidence[(e.From, e.To)]}")]));
            }
        }

        return [.. blockers.OrderBy(b => b.Kind, StringComparer.Ordinal).ThenBy(b => b.From, StringComparer.Ordinal).ThenBy(b => b.To, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Per edge of a cycle, the evidence it carries: the first type pair in ordinal order (From, then To),
    /// which is where the edge's pairs start, as they are kept sorted.
    /// </summary>
    private static Dictionary<(string From, string To), string> CycleEvidence(ModuleGraph graph, IReadOnlyList<ModuleCycle> cycles)
    {
        var wanted = cycles.SelectMany(c => c.Edges).Select(e => (e.From, e.To)).ToHashSet();
        return graph.Edges
            .Where(e => wanted.Contains((e.From, e.To)))
            .ToDictionary(e => (e.From, e.To), e => $"{e.TypePairs[0].From} -> {e.TypePairs[0].To}");
    }

    /// <summary>Each module still in the monolith, as if it alone were extracted next.</summary>
    private static List<ReadinessEntry> Readiness(ModuleGraph graph, IReadOnlyList<TableReport> tables, IReadOnlyList<ModuleCycle> cycles,
        Dictionary<(string From, string To), string> evidence, Scenario scenario)
    {
        var candidates = graph.Map.Modules.Where(m => m.Role == ModuleRole.Module && scenario.Deployables[m.Name] == Scenario.Legacy).ToList();
        var scored = candidates.Select(module =>
        {
            var whatIf = Scenario.WhatIf(graph.Map, module.Name);
            var blockers = Blockers(graph, tables, cycles, evidence, whatIf).Where(b => Involves(b, module.Name)).ToList();
            var crossing = graph.Edges.Where(e => (e.From == module.Name || e.To == module.Name) && whatIf.Crosses(e.From, e.To)).Sum(e => e.TypePairs.Count);
            return (module.Name, blockers, crossing);
        });

        return [.. scored
            .OrderBy(s => s.blockers.Count).ThenBy(s => s.crossing).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select((s, i) => new ReadinessEntry(i + 1, s.Name, s.crossing, s.blockers))];
    }

    private static bool Involves(Blocker blocker, string module) =>
        blocker.From == module || blocker.To == module
        || (blocker.Kind == Blocker.Cycle && blocker.From.Split(", ").Contains(module));
}
