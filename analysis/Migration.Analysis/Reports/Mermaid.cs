using System.Text;

namespace Migration.Analysis.Reports;

/// <summary>The module graph as a Mermaid flowchart: one subgraph per deployable, edges by kind.</summary>
internal static class Mermaid
{
    private static readonly string[] Palette = ["#dbeafe", "#dcfce7", "#fef9c3", "#fce7f3", "#ede9fe", "#ffedd5", "#cffafe", "#f1f5f9"];

    public static string Graph(AnalysisReport report)
    {
        var text = new StringBuilder("flowchart LR\n");
        var deployables = report.Modules.Select(m => m.Deployable).Distinct().Order(StringComparer.Ordinal).ToList();
        for (var d = 0; d < deployables.Count; d++)
        {
            text.AppendLine($"  subgraph d{d}[\"{deployables[d]}\"]");
            foreach (var module in report.Modules.Where(m => m.Deployable == deployables[d]))
            {
                text.AppendLine($"    {Id(module.Name)}[\"{module.Name}\"]");
            }

            text.AppendLine("  end");
            text.AppendLine($"  style d{d} fill:{Palette[d % Palette.Length]}");
        }

        var index = 0;
        var blocking = new List<int>();
        var wiring = new List<int>();
        foreach (var edge in report.Edges)
        {
            var kind = EdgeKind.Of(edge);
            var arrow = kind == EdgeKind.Internal ? "-->" : "-.->";
            text.AppendLine($"  {Id(edge.From)} {arrow}|{edge.TypeReferences}| {Id(edge.To)}");
            if (kind == EdgeKind.Blocking)
            {
                blocking.Add(index);
            }
            else if (kind == EdgeKind.Wiring)
            {
                wiring.Add(index);
            }

            index++;
        }

        if (blocking.Count > 0)
        {
            text.AppendLine($"  linkStyle {string.Join(',', blocking)} stroke:#dc2626,stroke-width:2px");
        }

        if (wiring.Count > 0)
        {
            text.AppendLine($"  linkStyle {string.Join(',', wiring)} stroke:#9ca3af");
        }

        return text.ToString();
    }

    /// <summary>Mermaid ids may not contain dots or dashes everywhere; module names may.</summary>
    private static string Id(string module) => "m_" + new string([.. module.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}
