using System.Globalization;
using System.Text;
using Migration.Analysis.Reports;

namespace Migration.Analysis.Diff;

/// <summary>
/// What changed between two reports: edges, table uses and blockers that appeared or went, metric
/// deltas, and the coupling of both across the process boundaries of the second (<see cref="Placement"/>).
/// </summary>
public sealed record ReportDiff(
    IReadOnlyList<string> EdgesAdded,
    IReadOnlyList<string> EdgesRemoved,
    IReadOnlyList<string> EdgesChanged,
    IReadOnlyList<string> TableUsesAdded,
    IReadOnlyList<string> TableUsesRemoved,
    IReadOnlyList<string> BlockersAdded,
    IReadOnlyList<string> BlockersRemoved,
    IReadOnlyList<MetricDelta> Metrics,
    IReadOnlyDictionary<string, string> Placement,
    BoundaryCoupling BoundaryBefore,
    BoundaryCoupling BoundaryAfter)
{
    public bool IsEmpty => EdgesAdded.Count + EdgesRemoved.Count + EdgesChanged.Count + TableUsesAdded.Count
        + TableUsesRemoved.Count + BlockersAdded.Count + BlockersRemoved.Count + Metrics.Count == 0;

    public static ReportDiff Compare(AnalysisReport before, AnalysisReport after)
    {
        var placement = after.Modules.ToDictionary(m => m.Name, m => m.Deployable, StringComparer.Ordinal);
        var beforeEdges = before.Edges.ToDictionary(EdgeKey, StringComparer.Ordinal);
        var afterEdges = after.Edges.ToDictionary(EdgeKey, StringComparer.Ordinal);
        var changed = afterEdges
            .Where(e => beforeEdges.TryGetValue(e.Key, out var old) && (old.TypeReferences != e.Value.TypeReferences || old.IntoImplementation != e.Value.IntoImplementation || old.CrossesDeployables != e.Value.CrossesDeployables))
            .Select(e => Changed(e.Key, beforeEdges[e.Key], e.Value))
            .Order(StringComparer.Ordinal)
            .ToList();

        return new ReportDiff(
            Minus(afterEdges.Keys, beforeEdges.Keys),
            Minus(beforeEdges.Keys, afterEdges.Keys),
            changed,
            Minus(TableUses(after), TableUses(before)),
            Minus(TableUses(before), TableUses(after)),
            Minus(after.Blockers.Select(b => b.Key), before.Blockers.Select(b => b.Key)),
            Minus(before.Blockers.Select(b => b.Key), after.Blockers.Select(b => b.Key)),
            MetricDeltas(before, after),
            placement,
            BoundaryCoupling.Of(before, placement),
            BoundaryCoupling.Of(after, placement));
    }

    public string ToMarkdown(string beforeName, string afterName)
    {
        var md = new StringBuilder($"# Coupling diff: {beforeName} -> {afterName}\n\n");
        Boundaries(md, beforeName, afterName);
        if (IsEmpty)
        {
            return md.Append("No change.\n").ToString();
        }

        Section(md, "Dependencies that appeared", EdgesAdded);
        Section(md, "Dependencies that went", EdgesRemoved);
        Section(md, "Dependencies that changed", EdgesChanged);
        Section(md, "Table uses that appeared", TableUsesAdded);
        Section(md, "Table uses that went", TableUsesRemoved);
        Section(md, "Blockers that appeared", BlockersAdded);
        Section(md, "Blockers that went", BlockersRemoved);
        if (Metrics.Count > 0)
        {
            md.Append("## Metrics\n\n| module | metric | before | after | delta |\n|---|---|--:|--:|--:|\n");
            foreach (var m in Metrics)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {m.Module} | {m.Metric} | {m.Before:0.###} | {m.After:0.###} | {m.After - m.Before:+0.###;-0.###;0} |\n");
            }
        }

        return md.ToString();
    }

    /// <summary>The headline: did the coupling that has to cross the second report's process boundaries grow or shrink?</summary>
    private void Boundaries(StringBuilder md, string beforeName, string afterName)
    {
        var deployables = Placement.GroupBy(p => p.Value, p => p.Key).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        // Shared modules are in every deployable: they make no boundary of their own.
        if (deployables.Count(d => d.Key != Stages.Scenario.Shared) < 2)
        {
            return;
        }

        md.Append("## Coupling across the process boundaries of ").Append(afterName).Append("\n\n")
            .Append("Both reports' code, with the modules placed as in ").Append(afterName).Append(": ")
            .AppendJoin("; ", deployables.Select(d => $"{d.Key}: {string.Join(", ", d.Order(StringComparer.Ordinal))}"))
            .Append(".\n\n| | ").Append(beforeName).Append(" | ").Append(afterName).Append(" |\n|---|--:|--:|\n");
        Row("dependencies that cross", BoundaryBefore.Dependencies, BoundaryAfter.Dependencies);
        Row("type references that cross", BoundaryBefore.TypeReferences, BoundaryAfter.TypeReferences);
        Row("of them into implementation", BoundaryBefore.IntoImplementation, BoundaryAfter.IntoImplementation);
        Row("cycles across processes", BoundaryBefore.Cycles, BoundaryAfter.Cycles);
        md.Append('\n');

        void Row(string what, int was, int now) =>
            md.Append(CultureInfo.InvariantCulture, $"| {what} | {was} | {now} |\n");
    }

    private static void Section(StringBuilder md, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        md.Append("## ").Append(title).Append("\n\n");
        foreach (var item in items)
        {
            md.Append("- ").Append(item).Append('\n');
        }

        md.Append('\n');
    }

    private static string EdgeKey(EdgeReport edge) => $"{edge.From} -> {edge.To}";

    private static string Changed(string key, EdgeReport before, EdgeReport after) =>
        $"{key}: type references {before.TypeReferences} -> {after.TypeReferences}, into implementation {before.IntoImplementation} -> {after.IntoImplementation}"
        + (before.CrossesDeployables != after.CrossesDeployables ? $", {(after.CrossesDeployables ? "now crosses" : "no longer crosses")} deployables" : "");

    private static IEnumerable<string> TableUses(AnalysisReport report) =>
        report.Tables.SelectMany(t => t.UsedBy.Select(u => $"{u.Module} uses {t.Table} ({u.Kind}{(t.Owner is { } owner && owner != u.Module ? $", owned by {owner}" : "")})")).Distinct();

    private static List<string> Minus(IEnumerable<string> items, IEnumerable<string> remove) =>
        [.. items.Except(remove, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<MetricDelta> MetricDeltas(AnalysisReport before, AnalysisReport after)
    {
        var old = before.Modules.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var deltas = new List<MetricDelta>();
        foreach (var module in after.Modules)
        {
            if (!old.TryGetValue(module.Name, out var previous))
            {
                continue;
            }

            Add("types", previous.Types, module.Types);
            Add("Ca", previous.Afferent, module.Afferent);
            Add("Ce", previous.Efferent, module.Efferent);
            Add("I", previous.Instability, module.Instability);
            Add("A", previous.Abstractness, module.Abstractness);
            Add("D", previous.Distance, module.Distance);

            void Add(string metric, double was, double now)
            {
                if (Math.Abs(was - now) > 0.0005)
                {
                    deltas.Add(new MetricDelta(module.Name, metric, was, now));
                }
            }
        }

        return deltas;
    }
}

public sealed record MetricDelta(string Module, string Metric, double Before, double After);
