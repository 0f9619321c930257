using System.Globalization;
using System.Net;
using System.Text;

namespace Migration.Analysis.Reports;

/// <summary>
/// The module graph as one SVG, drawn as <see cref="Mermaid"/> means it: a labelled group per deployable
/// with its modules inside, the shared modules in a band under them all, edges labelled with their type
/// references, dashed when they cross a deployable or are the host's wiring, red when they cross into
/// implementation. No script and no marker ids (a page may hold several graphs); every number is formatted
/// invariantly, so the same report gives the same bytes. The class and data- attributes are stable hooks
/// for tests and tools: g.deployable[data-deployable] holds g.module[data-module]; g.edge.KIND[data-from][data-to]
/// is an edge, text.edge-label[data-from][data-to] its count of type references.
/// </summary>
internal static class GraphSvg
{
    private static readonly string[] Palette = ["#dbeafe", "#dcfce7", "#fef9c3", "#fce7f3", "#ede9fe", "#ffedd5", "#cffafe", "#f1f5f9"];
    private const string SharedFill = "#f1f5f9";
    private const double LegendHeight = 30;

    private static readonly (string Kind, string Meaning)[] Legend =
    [
        (EdgeKind.Internal, "in process"),
        (EdgeKind.Crossing, "crosses the network, through contracts"),
        (EdgeKind.Blocking, "crosses into implementation (blocker)"),
        (EdgeKind.Wiring, "the host's wiring"),
    ];

    public static string Write(AnalysisReport report)
    {
        var layout = GraphLayout.Of(report);
        var boxes = layout.Groups.SelectMany(g => g.Modules).ToDictionary(b => b.Module.Name, StringComparer.Ordinal);
        var curves = report.Edges.Select(e => EdgeCurve.Between(boxes[e.From], boxes[e.To])).ToList();
        // Room for an arc that leaves the groups, above or beside them; the legend goes under everything.
        var (left, top) = (Math.Min(0, curves.Select(c => c.Bounds.Left - 8).DefaultIfEmpty(0).Min()), Math.Min(0, curves.Select(c => c.Bounds.Top - 8).DefaultIfEmpty(0).Min()));
        var legend = Math.Max(layout.Height, curves.Select(c => c.Bounds.Bottom + 8).DefaultIfEmpty(0).Max());
        var right = Math.Max(Math.Max(layout.Width, LegendWidth), curves.Select(c => c.Bounds.Right + 8).DefaultIfEmpty(0).Max());
        var (width, height) = (right - left, legend + LegendHeight - top);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"coupling-graph\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"{N(left)} {N(top)} {N(width)} {N(height)}\" font-family=\"system-ui,sans-serif\" role=\"img\">"))
            .Append("<title>").Append(E($"Module graph: {report.Scenario}")).Append("</title>\n");

        // Backgrounds first, then the edges, then the modules: an edge passing behind a module is hidden by it
        // rather than drawn across its name.
        var colour = 0;
        foreach (var group in layout.Groups)
        {
            var fill = group.Modules.All(m => GraphLayout.IsShared(m.Module)) ? SharedFill : Palette[colour++ % Palette.Length];
            svg.Append(Invariant($"<rect x=\"{N(group.X)}\" y=\"{N(group.Y)}\" width=\"{N(group.Width)}\" height=\"{N(group.Height)}\" rx=\"12\" fill=\"{fill}\" stroke=\"#94a3b8\"/>\n"));
        }

        for (var i = 0; i < report.Edges.Count; i++)
        {
            AppendEdge(svg, report.Edges[i], curves[i]);
        }

        foreach (var group in layout.Groups)
        {
            AppendGroup(svg, group);
        }

        // The edges' labels last, so that no module hides one.
        for (var i = 0; i < report.Edges.Count; i++)
        {
            AppendLabel(svg, report.Edges[i], curves[i]);
        }

        AppendLegend(svg, legend);
        return svg.Append("</svg>\n").ToString();
    }

    private static void AppendGroup(StringBuilder svg, GroupBox group)
    {
        svg.Append(Invariant($"<g class=\"deployable\" data-deployable=\"{E(group.Deployable)}\">"))
            .Append("<title>").Append(E($"{group.Label}: {string.Join(", ", group.Modules.Select(m => m.Module.Name))}")).Append("</title>")
            .Append(Invariant($"<text x=\"{N(group.X + 12)}\" y=\"{N(group.Y + 20)}\" font-size=\"13\" font-weight=\"600\" fill=\"#1e293b\">{E(group.Label)}</text>\n"));
        foreach (var box in group.Modules)
        {
            var module = box.Module;
            var part = module.Role == "module" ? module.Stage : module.Role;
            svg.Append(Invariant($"<g class=\"module\" data-module=\"{E(module.Name)}\" data-role=\"{E(module.Role)}\" data-stage=\"{E(module.Stage)}\">"))
                .Append("<title>").Append(E(Invariant(
                    $"{module.Name} ({part}) in {module.Deployable}: {module.Types} types; Ca {module.Afferent}, Ce {module.Efferent}; I {module.Instability:0.00}, A {module.Abstractness:0.00}, D {module.Distance:0.00}; used {module.IncomingIntoContracts} times through contracts, {module.IncomingIntoImplementation} into implementation")))
                .Append("</title>")
                .Append(Invariant($"<rect x=\"{N(box.X)}\" y=\"{N(box.Y)}\" width=\"{N(box.Width)}\" height=\"{N(GraphLayout.ModuleHeight)}\" rx=\"6\" fill=\"#fff\" stroke=\"#334155\"{(module.Role == "host" ? " stroke-dasharray=\"4 3\"" : "")}/>"))
                .Append(Invariant($"<text x=\"{N(box.CenterX)}\" y=\"{N(box.CenterY - 2)}\" text-anchor=\"middle\" font-size=\"12\">{E(module.Name)}</text>"))
                .Append(Invariant($"<text x=\"{N(box.CenterX)}\" y=\"{N(box.CenterY + 12)}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#64748b\">{E(part)}</text>"))
                .Append("</g>\n");
        }

        svg.Append("</g>\n");
    }

    private static void AppendEdge(StringBuilder svg, EdgeReport edge, EdgeCurve curve)
    {
        var kind = EdgeKind.Of(edge);
        svg.Append(Invariant($"<g class=\"edge {kind}\" data-from=\"{E(edge.From)}\" data-to=\"{E(edge.To)}\" data-references=\"{edge.TypeReferences}\">"))
            .Append("<title>").Append(E(Tooltip(edge, kind))).Append("</title>")
            .Append(Invariant($"<path d=\"M{N(curve.X1)},{N(curve.Y1)} Q{N(curve.Cx)},{N(curve.Cy)} {N(curve.X2)},{N(curve.Y2)}\" fill=\"none\" {Stroke(kind)}/>"))
            .Append(Arrowhead(curve.X2, curve.Y2, curve.X2 - curve.Cx, curve.Y2 - curve.Cy, kind))
            .Append("</g>\n");
    }

    private static void AppendLabel(StringBuilder svg, EdgeReport edge, EdgeCurve curve)
    {
        var (x, y) = curve.Middle;
        svg.Append(Invariant($"<text class=\"edge-label\" data-from=\"{E(edge.From)}\" data-to=\"{E(edge.To)}\" x=\"{N(x)}\" y=\"{N(y + 4)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{Colour(EdgeKind.Of(edge))}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{edge.TypeReferences}</text>\n"));
    }

    /// <summary>A filled triangle at the end of the edge, pointing along its last direction.</summary>
    private static string Arrowhead(double x, double y, double dx, double dy, string kind)
    {
        var length = Math.Max(0.001, Math.Sqrt((dx * dx) + (dy * dy)));
        var (ux, uy) = (dx / length, dy / length);
        const double Long = 9, Half = 4.5;
        var (bx, by) = (x - (ux * Long), y - (uy * Long));
        return Invariant($"<path d=\"M{N(x)},{N(y)} L{N(bx - (uy * Half))},{N(by + (ux * Half))} L{N(bx + (uy * Half))},{N(by - (ux * Half))}z\" fill=\"{Colour(kind)}\"/>");
    }

    private static void AppendLegend(StringBuilder svg, double top)
    {
        svg.Append("<g class=\"legend\" font-size=\"11\" fill=\"#334155\">");
        var x = 12.0;
        foreach (var (kind, meaning) in Legend)
        {
            svg.Append(Invariant($"<path d=\"M{N(x)},{N(top + 12)} h28\" {Stroke(kind)}/>"))
                .Append(Invariant($"<text x=\"{N(x + 34)}\" y=\"{N(top + 16)}\">{E(meaning)}</text>"));
            x += LegendEntryWidth(meaning);
        }

        svg.Append("</g>\n");
    }

    private static double LegendEntryWidth(string meaning) => 34 + (meaning.Length * 6.2) + 24;

    private static double LegendWidth => 12 + Legend.Sum(l => LegendEntryWidth(l.Meaning));

    private static string Tooltip(EdgeReport edge, string kind)
    {
        var text = Invariant($"{edge.From} -> {edge.To}: {edge.TypeReferences} type references ({edge.IntoContracts} into contracts, {edge.IntoImplementation} into implementation); ") + kind switch
        {
            EdgeKind.Blocking => "crosses deployables into implementation",
            EdgeKind.Crossing => "crosses deployables",
            EdgeKind.Wiring => "the host's wiring",
            _ => "in one deployable",
        };
        return edge.ImplementationReferences.Count == 0 || kind != EdgeKind.Blocking
            ? text
            : text + "\n" + string.Join("\n", edge.ImplementationReferences.Take(5));
    }

    private static string Colour(string kind) => kind switch
    {
        EdgeKind.Blocking => "#dc2626",
        EdgeKind.Wiring => "#9ca3af",
        _ => "#475569",
    };

    private static string Stroke(string kind) => kind switch
    {
        EdgeKind.Internal => $"stroke=\"{Colour(kind)}\" stroke-width=\"1.3\"",
        EdgeKind.Blocking => $"stroke=\"{Colour(kind)}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"",
        _ => $"stroke=\"{Colour(kind)}\" stroke-width=\"1.3\" stroke-dasharray=\"6 4\"",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
