using System.Globalization;
using System.Net;
using System.Text;

namespace Migration.Analysis.Reports;

/// <summary>
/// The report as one self-contained HTML page (no scripts, no downloads): the module graph drawn as SVG
/// with modules on a circle, coloured by deployable, then the tables of the Markdown report.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] Palette = ["#93c5fd", "#86efac", "#fde047", "#f9a8d4", "#c4b5fd", "#fdba74", "#67e8f9", "#cbd5e1"];

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
        AppendGraph(html, report);

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

    /// <summary>The module graph alone: a legend of the deployables and an SVG, for pages of other reports.</summary>
    public static string Graph(AnalysisReport report)
    {
        var html = new StringBuilder();
        AppendGraph(html, report);
        return html.ToString();
    }

    /// <summary>The CSS the graph's legend needs.</summary>
    public const string GraphStyle = ".legend span{display:inline-block;padding:2px 8px;margin-right:6px;border-radius:4px}";

    private static void AppendGraph(StringBuilder html, AnalysisReport report)
    {
        const double size = 640, center = size / 2, radius = 240;
        var deployables = report.Modules.Select(m => m.Deployable).Distinct().Order(StringComparer.Ordinal).ToList();
        var position = report.Modules.Select((m, i) =>
        {
            var angle = (2 * Math.PI * i / Math.Max(1, report.Modules.Count)) - (Math.PI / 2);
            return (m.Name, X: center + (radius * Math.Cos(angle)), Y: center + (radius * Math.Sin(angle)));
        }).ToDictionary(p => p.Name, p => (p.X, p.Y), StringComparer.Ordinal);

        html.Append("<div class=\"legend\">");
        for (var d = 0; d < deployables.Count; d++)
        {
            html.Append($"<span style=\"background:{Palette[d % Palette.Length]}\">").Append(E(deployables[d])).Append("</span>");
        }

        html.Append("</div>\n");
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\">");
        html.Append("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker></defs>");
        foreach (var edge in report.Edges)
        {
            var (x1, y1) = position[edge.From];
            var (x2, y2) = position[edge.To];
            var (dx, dy) = (x2 - x1, y2 - y1);
            var length = Math.Max(1, Math.Sqrt((dx * dx) + (dy * dy)));
            var shorten = 34 / length; // stop at the node's edge
            var colour = edge.CrossesDeployables && edge.IntoImplementation > 0 ? "#dc2626" : edge.Wiring ? "#9ca3af" : "#555";
            var dash = edge.CrossesDeployables || edge.Wiring ? " stroke-dasharray=\"6 4\"" : "";
            html.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{x1 + (dx * shorten):0.#}\" y1=\"{y1 + (dy * shorten):0.#}\" x2=\"{x2 - (dx * shorten):0.#}\" y2=\"{y2 - (dy * shorten):0.#}\" stroke=\"{colour}\"{dash} marker-end=\"url(#a)\"><title>{E(edge.From)} -&gt; {E(edge.To)}: {edge.TypeReferences} type references</title></line>");
        }

        foreach (var module in report.Modules)
        {
            var (x, y) = position[module.Name];
            var colour = Palette[deployables.IndexOf(module.Deployable) % Palette.Length];
            html.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"32\" fill=\"{colour}\" stroke=\"#333\"/><text x=\"{x:0.#}\" y=\"{y + 4:0.#}\" text-anchor=\"middle\" font-size=\"11\">{E(module.Name)}</text>");
        }

        html.Append("</svg>\n");
    }

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
