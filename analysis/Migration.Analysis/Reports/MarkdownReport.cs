using System.Globalization;
using System.Text;

namespace Migration.Analysis.Reports;

/// <summary>The report for people: metrics, a Mermaid graph coloured by deployable, blockers and readiness.</summary>
public static class MarkdownReport
{
    /// <summary>The module graph alone, as a Mermaid flowchart, for pages of other reports.</summary>
    public static string Graph(AnalysisReport report) => Mermaid.Graph(report);

    public static string Write(AnalysisReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Coupling report: {report.Scenario}").AppendLine();
        md.AppendLine($"{report.Modules.Count} modules in {report.Assemblies.Count} assemblies; {report.Edges.Count(e => !e.Wiring)} module dependencies, " +
            $"{report.Edges.Count(e => e.CrossesDeployables)} of them across deployables; {report.Blockers.Count} blockers.").AppendLine();

        md.AppendLine("## Module graph").AppendLine();
        md.AppendLine("```mermaid").Append(Graph(report)).AppendLine("```").AppendLine();
        md.AppendLine("Solid arrows stay in one deployable; dotted arrows cross the network; red arrows reach into implementation across deployables; grey arrows are the host's wiring.").AppendLine();

        md.AppendLine("## Modules").AppendLine();
        md.AppendLine("| module | role | stage | deployable | types | Ca | Ce | I | A | D | in via contracts | in via implementation |");
        md.AppendLine("|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var m in report.Modules)
        {
            md.AppendLine($"| {m.Name} | {m.Role} | {(m.Role == "module" ? m.Stage : "-")} | {m.Deployable} | {m.Types} | {m.Afferent} | {m.Efferent} | {F(m.Instability)} | {F(m.Abstractness)} | {F(m.Distance)} | {m.IncomingIntoContracts} | {m.IncomingIntoImplementation} |");
        }

        md.AppendLine().AppendLine("Ca and Ce count types in other modules; I = Ce / (Ca + Ce); A = abstract types / types; D = |A + I - 1|.").AppendLine();

        md.AppendLine("## Dependencies").AppendLine();
        md.AppendLine("| from | to | type references | into contracts | into implementation | crosses deployables | examples |");
        md.AppendLine("|---|---|--:|--:|--:|---|---|");
        foreach (var e in report.Edges.Where(e => !e.Wiring))
        {
            md.AppendLine($"| {e.From} | {e.To} | {e.TypeReferences} | {e.IntoContracts} | {e.IntoImplementation} | {(e.CrossesDeployables ? "yes" : "no")} | {Code(e.Examples.Take(2))} |");
        }

        if (report.Edges.Any(e => e.Wiring))
        {
            md.AppendLine().AppendLine($"Wiring (the host's registrations, which leave with each module): {string.Join(", ", report.Edges.Where(e => e.Wiring).Select(e => $"{e.From} -> {e.To} ({e.TypeReferences})"))}.");
        }

        md.AppendLine().AppendLine("## Cycles").AppendLine();
        if (report.Cycles.Count == 0)
        {
            md.AppendLine("None.");
        }

        foreach (var c in report.Cycles)
        {
            md.AppendLine($"- {string.Join(", ", c.Modules)}{(c.CrossesDeployables ? " (across deployables)" : "")}: {string.Join("; ", c.Edges)}");
        }

        md.AppendLine().AppendLine("## Tables").AppendLine();
        md.AppendLine("| table | owner | used by |");
        md.AppendLine("|---|---|---|");
        foreach (var t in report.Tables)
        {
            md.AppendLine($"| {t.Table} | {t.Owner ?? "?"} | {string.Join(", ", t.UsedBy.Select(u => $"{u.Module} ({u.Kind})").Distinct())} |");
        }

        md.AppendLine().AppendLine("## Blockers").AppendLine();
        if (report.Blockers.Count == 0)
        {
            md.AppendLine("None.");
        }

        foreach (var b in report.Blockers)
        {
            md.AppendLine($"- **{b.Kind}** {b.Detail} {Code(b.Examples.Take(3))}");
        }

        md.AppendLine().AppendLine("## Readiness of the modules still in the monolith").AppendLine();
        md.AppendLine("| rank | module | blockers if extracted | type references that would cross |");
        md.AppendLine("|--:|---|--:|--:|");
        foreach (var r in report.Readiness)
        {
            md.AppendLine($"| {r.Rank} | {r.Module} | {r.Blockers} | {r.CrossingReferences} |");
        }

        if (report.Readiness.Any(r => r.Blockers > 0))
        {
            md.AppendLine().AppendLine("What blocks them, if each were extracted next:").AppendLine();
            foreach (var r in report.Readiness.Where(r => r.Blockers > 0))
            {
                foreach (var b in r.BlockedBy)
                {
                    md.AppendLine($"- {r.Module}: **{b.Kind}** {b.Detail} {Code(b.Examples.Take(4))}");
                }
            }
        }

        md.AppendLine().AppendLine("## External dependencies").AppendLine();
        md.AppendLine("Assemblies outside the analysed modules; their types count towards no module.").AppendLine();
        md.AppendLine("| assembly | used by | uses |");
        md.AppendLine("|---|---|--:|");
        foreach (var d in report.External.OrderByDescending(d => d.Uses).ThenBy(d => d.Assembly, StringComparer.Ordinal).Take(ExternalRows))
        {
            md.AppendLine($"| {d.Assembly} | {string.Join(", ", d.UsedBy)} | {d.Uses} |");
        }

        if (report.External.Count > ExternalRows)
        {
            md.AppendLine().AppendLine($"And {report.External.Count - ExternalRows} more, in coupling.json.");
        }

        if (report.Warnings.Count > 0)
        {
            md.AppendLine().AppendLine("## Warnings").AppendLine();
            foreach (var w in report.Warnings)
            {
                md.AppendLine($"- {w}");
            }
        }

        return md.ToString();
    }

    private const int ExternalRows = 25;

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Code(IEnumerable<string> items) => string.Join("<br>", items.Select(i => $"`{i.Replace("|", "\\|", StringComparison.Ordinal)}`"));
}
