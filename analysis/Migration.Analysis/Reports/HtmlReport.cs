using System.Globalization;
using System.Net;
using System.Text;

namespace Migration.Analysis.Reports;

/// <summary>
/// The report as one self-contained HTML page (no scripts, no downloads): the module graph drawn as SVG
/// (<see cref="GraphSvg"/>: a group per deployable), then the tables of the Markdown report.
/// </summary>
public static class HtmlReport
{
    public static string Write(AnalysisReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Coupling report: ")
            .Append(E(report.Scenario))
            .Append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}" +
                    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}td.n{text-align:right}code{font-size:12px}" +
                    ".blocker{color:#b91c1c}" + GraphStyle + "</style></head><body>\n");
        html.Append("<h1>Coupling report: ").Append(E(report.Scenario)).Append("</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>{report.Modules.Count} modules in {report.Assemblies.Count} assemblies; {report.Edges.Count(e => !e.Wiring)} module dependencies, {report.Edges.Count(e => e.CrossesDeployables)} across deployables; {report.Blockers.Count} blockers.</p>\n");
        html.Append(GraphSvg.Write(report));

        Table(html, "Modules", ["module", "role", "stage", "deployable", "types", "Ca", "Ce", "I", "A", "D"],
            report.Modules.Select(m => new[] { m.Name, m.Role, m.Role == "module" ? m.Stage : "-", m.Deployable, N(m.Types), N(m.Afferent), N(m.Efferent), F(m.Instability), F(m.Abstractness), F(m.Distance) }));
        Table(html, "Dependencies", ["from", "to", "type references", "into contracts", "into implementation", "crosses deployables", "examples"],
            report.Edges.Select(e => new[] { e.Wiring ? $"{e.From} (wiring)" : e.From, e.To, N(e.TypeReferences), N(e.IntoContracts), N(e.IntoImplementation), e.CrossesDeployables ? "yes" : "no", string.Join("\n", e.Examples.Take(2)) }));
        Table(html, "Tables", ["table", "owner", "used by"],
            report.Tables.Select(t => new[] { t.Table, t.Owner ?? "?", string.Join(", ", t.UsedBy.Select(u => $"{u.Module} ({u.Kind})").Distinct()) }));
        Table(html, "Blockers", ["kind", "detail", "examples"],
            report.Blockers.Select(b => new[] { b.Kind, b.Detail, string.Join("\n", b.Examples.Take(3)) }));
        Table(html, "Readiness of the modules still in the monolith", ["rank", "module", "blockers if extracted", "type references that would cross"],
            report.Readiness.Select(r => new[] { N(r.Rank), r.Module, N(r.Blockers), N(r.CrossingReferences) }));
        Table(html, "What blocks them, if each were extracted next", ["module", "kind", "detail", "examples"],
            report.Readiness.SelectMany(r => r.BlockedBy.Select(b => new[] { r.Module, b.Kind, b.Detail, string.Join("\n", b.Examples.Take(4)) })));
        Table(html, "External dependencies (their types count towards no module)", ["assembly", "used by", "uses"],
            report.External.OrderByDescending(d => d.Uses).ThenBy(d => d.Assembly, StringComparer.Ordinal).Select(d => new[] { d.Assembly, string.Join(", ", d.UsedBy), N(d.Uses) }));
        if (report.Warnings.Count > 0)
        {
            html.Append("<h2>Warnings</h2><ul>");
            foreach (var warning in report.Warnings)
            {
                html.Append("<li>").Append(E(warning)).Append("</li>");
            }

            html.Append("</ul>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>The module graph alone, as SVG, for pages of other reports.</summary>
    public static string Graph(AnalysisReport report) => GraphSvg.Write(report);

    /// <summary>The CSS the graph needs on a page: it shrinks to fit a narrow window.</summary>
    public const string GraphStyle = ".coupling-graph{max-width:100%;height:auto}";

    private static void Table(StringBuilder html, string title, string[] headers, IEnumerable<string[]> rows)
    {
        html.Append("<h2>").Append(E(title)).Append("</h2>\n<table><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>\n");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var numeric = cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] == '-') && double.TryParse(cell, CultureInfo.InvariantCulture, out _);
                html.Append(numeric ? "<td class=\"n\">" : "<td>").Append(E(cell).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        if (!any)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{headers.Length}\">None.</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
