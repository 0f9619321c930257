using Contracts.Admin;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Migration.Analysis.Diff;
using Migration.Analysis.Reports;

namespace Shop.Walkthrough;

/// <summary>
/// What the walkthrough did, as Markdown and as one self-contained HTML page: charts of the steps over
/// their table, and the coupling graph of every state.
/// </summary>
internal static class WalkthroughReport
{
    public static (string Markdown, string Html) Write(WalkthroughRun run, WalkthroughTotals totals) => (Markdown(run, totals), Html(run, totals));

    private static string Markdown(WalkthroughRun run, WalkthroughTotals totals)
    {
        var md = new StringBuilder("# Migration walkthrough\n\n");
        md.Append(Summary(totals)).Append("\n\n## Steps\n\n");
        md.Append("| ").AppendJoin(" | ", StepTable.Headers).Append(" |\n|").Append(string.Concat(StepTable.Headers.Select(_ => "---|"))).Append('\n');
        foreach (var step in run.Steps)
        {
            md.Append("| ").AppendJoin(" | ", StepTable.Cells(step)).Append(" |\n");
        }

        var broken = run.Steps.Where(s => s.Broken is not null).ToList();
        if (broken.Count > 0)
        {
            md.Append("\n## Broken promises\n\n");
            foreach (var step in broken)
            {
                md.Append(CultureInfo.InvariantCulture, $"- {step.Module}, {step.Step}: {step.Broken}\n");
            }
        }

        md.Append("\n## Shadow comparisons\n\n");
        foreach (var (module, report) in run.ShadowReports)
        {
            md.Append(CultureInfo.InvariantCulture, $"- {module}: {ShadowLine(report)}\n");
            foreach (var difference in Differences(report).Take(5))
            {
                md.Append("  - `").Append(difference.Replace("`", "'", StringComparison.Ordinal)).Append("`\n");
            }
        }

        md.Append("\n## Coupling, state by state\n");
        foreach (var (name, report) in run.States)
        {
            md.Append("\n### ").Append(name).Append("\n\n").Append(Headline(report)).Append("\n\n```mermaid\n")
                .Append(MarkdownReport.Graph(report)).Append("```\n");
        }

        return md.ToString();
    }

    private static string Html(WalkthroughRun run, WalkthroughTotals totals)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Migration walkthrough</title>\n<style>")
            .Append("body{font:14px system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.broken{color:#b91c1c}code{font-size:12px}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:16px 40px}")
            .Append(HtmlReport.GraphStyle).Append("</style></head><body>\n<h1>Migration walkthrough</h1>\n<p>")
            .Append(E(Summary(totals))).Append("</p>\n<h2>Steps</h2>\n<div class=\"charts\">\n").AppendJoin("", StepCharts.Write(run.Steps))
            .Append("</div>\n<table><tr>");
        foreach (var header in StepTable.Headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var step in run.Steps)
        {
            html.Append(step.Broken is null ? "<tr>" : "<tr class=\"broken\">");
            foreach (var cell in StepTable.Cells(step))
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
            if (step.Broken is { } reason)
            {
                html.Append("<tr class=\"broken\"><td colspan=\"").Append(StepTable.Headers.Length).Append("\">").Append(E(reason)).Append("</td></tr>\n");
            }
        }

        html.Append("</table>\n<h2>Shadow comparisons</h2>\n<ul>");
        foreach (var (module, report) in run.ShadowReports)
        {
            html.Append("<li>").Append(E($"{module}: {ShadowLine(report)}"));
            var differences = Differences(report).Take(5).ToList();
            if (differences.Count > 0)
            {
                html.Append("<ul>").AppendJoin("", differences.Select(d => $"<li><code>{E(d)}</code></li>")).Append("</ul>");
            }

            html.Append("</li>");
        }

        html.Append("</ul>\n<h2>Coupling, state by state</h2>\n");
        foreach (var (name, report) in run.States)
        {
            html.Append("<h3>").Append(E(name)).Append("</h3>\n<p>").Append(E(Headline(report))).Append("</p>\n").Append(HtmlReport.Graph(report));
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string Summary(WalkthroughTotals totals) => string.Create(CultureInfo.InvariantCulture,
        $"{totals.Modules} module(s) migrated in {totals.Took.TotalMinutes:0.0} min under {totals.Requests} requests through the front door: " +
        $"{totals.Failed} failed, {totals.Broken} step(s) broke a promise. {(totals.Passed ? "Every promise held." : "NOT every promise held.")}");

    private static string Headline(AnalysisReport report)
    {
        // Counted as the step table's "coupling across" and `migrate diff` count it.
        var crossing = BoundaryCoupling.Of(report, report.Modules.ToDictionary(m => m.Name, m => m.Deployable));
        return string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(", ", report.Modules.Select(m => $"{m.Name}: {m.Stage}"))}. {crossing.Dependencies} dependencies ({crossing.TypeReferences} type references) cross a process boundary, {crossing.IntoImplementation} into implementation; {report.Blockers.Count} blockers.");
    }

    private static string ShadowLine(ShadowReport report) => string.Create(CultureInfo.InvariantCulture,
        $"{report.Compared} compared, {report.Matched} matched, {report.Mismatched} mismatched, mismatch rate {report.MismatchRate:P2}");

    private static IEnumerable<string> Differences(ShadowReport report) =>
        report.Routes.SelectMany(r => r.LastMismatches)
            .Select(m => $"{m.Method} {m.Path}: {string.Join("; ", m.Differences.Select(d => $"{d.Path}: {d.Legacy ?? "(none)"} vs {d.Extracted ?? "(none)"}"))}");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The run in numbers: what it asks for a zero exit code.</summary>
internal sealed record WalkthroughTotals(int Modules, TimeSpan Took, long Requests, long Failed, int Broken)
{
    public bool Passed => Failed == 0 && Broken == 0;
}
