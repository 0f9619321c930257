using System.Globalization;
using System.Net;
using System.Text;

namespace Shop.Walkthrough;

/// <summary>One bar of a chart: a step, its stacked segments (bottom up), the caption over it, and the values a reader of the SVG finds on it.</summary>
internal sealed record Bar(string Module, string Step, IReadOnlyList<Segment> Segments, string Caption, string Tooltip, IReadOnlyList<(string Name, string Value)> Data);

internal sealed record Segment(double Value, string Colour);

/// <summary>
/// A bar chart of the walkthrough's steps as inline SVG, drawn on the server (no script, nothing to
/// download): a bar per step, the steps of one module under a bracket with its name, the step names
/// below. Hooks for tests: svg.chart[data-chart], and a g.step[data-step="MODULE STEP"] per bar with its values as data- attributes.
/// </summary>
internal static class BarChart
{
    private const double Top = 62, PlotHeight = 110, Slot = 32, BarWidth = 20, Right = 12;
    private const double LabelAngle = 50, LabelCharWidth = 5.8, TitleCharWidth = 7.6;

    /// <param name="fullScale">The top of the axis when the bars are shares of a whole (100); else the tallest bar, rounded up.</param>
    public static string Write(string chart, string title, IReadOnlyList<Bar> bars, double? fullScale, IReadOnlyList<(string Label, string Colour)> legend)
    {
        var scale = fullScale ?? NiceCeiling(bars.Select(b => b.Segments.Sum(s => s.Value)).DefaultIfEmpty(0).Max());
        // The step names slant down to the left from their bars: room for the longest, below and before the first bar.
        var longest = bars.Select(b => b.Step.Length).DefaultIfEmpty(0).Max() * LabelCharWidth;
        var left = Math.Max(44, (longest * Math.Cos(LabelAngle * Math.PI / 180)) - (Slot / 2) + 8);
        var right = left + (Math.Max(1, bars.Count) * Slot);
        var width = Math.Max(right + Right, (title.Length * TitleCharWidth) + 8);
        var height = Top + PlotHeight + (longest * Math.Sin(LabelAngle * Math.PI / 180)) + 20;
        var baseline = Top + PlotHeight;
        var svg = new StringBuilder();
        svg.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"{E(chart)}\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"system-ui,sans-serif\" role=\"img\">"))
            .Append("<title>").Append(E(title)).Append("</title>")
            .Append(I($"<text x=\"4\" y=\"14\" font-size=\"13\" font-weight=\"600\">{E(title)}</text>"));
        var x = left;
        foreach (var (label, colour) in legend)
        {
            svg.Append(I($"<rect x=\"{N(x)}\" y=\"20\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{N(x + 14)}\" y=\"29\" font-size=\"11\">{E(label)}</text>"));
            x += 14 + (label.Length * 6.5) + 14;
        }

        // The axis: zero, the top, and a line half way.
        svg.Append(I($"<g class=\"axis\" font-size=\"10\" fill=\"#64748b\" text-anchor=\"end\">"))
            .Append(I($"<path d=\"M{N(left)},{N(Top)} H{N(right)} M{N(left)},{N(Top + (PlotHeight / 2))} H{N(right)}\" stroke=\"#e2e8f0\"/>"))
            .Append(I($"<path d=\"M{N(left)},{N(Top)} V{N(baseline)} H{N(right)}\" stroke=\"#94a3b8\" fill=\"none\"/>"))
            .Append(I($"<text x=\"{N(left - 4)}\" y=\"{N(Top + 4)}\">{N(scale)}{(fullScale is null ? "" : " %")}</text><text x=\"{N(left - 4)}\" y=\"{N(baseline + 4)}\">0</text></g>\n"));

        for (var i = 0; i < bars.Count; i++)
        {
            AppendBar(svg, bars[i], left + (i * Slot) + ((Slot - BarWidth) / 2), baseline, scale);
        }

        AppendModules(svg, bars, left);
        return svg.Append("</svg>\n").ToString();
    }

    private static void AppendBar(StringBuilder svg, Bar bar, double x, double baseline, double scale)
    {
        svg.Append(I($"<g class=\"step\" data-step=\"{E($"{bar.Module} {bar.Step}")}\""));
        foreach (var (name, value) in bar.Data)
        {
            svg.Append(I($" data-{name}=\"{E(value)}\""));
        }

        svg.Append("><title>").Append(E(bar.Tooltip)).Append("</title>");
        var top = baseline;
        foreach (var segment in bar.Segments.Where(s => s.Value > 0))
        {
            var height = PlotHeight * segment.Value / scale;
            top -= height;
            svg.Append(I($"<rect x=\"{N(x)}\" y=\"{N(top)}\" width=\"{N(BarWidth)}\" height=\"{N(height)}\" fill=\"{segment.Colour}\"/>"));
        }

        var centre = x + (BarWidth / 2);
        svg.Append(I($"<text x=\"{N(centre)}\" y=\"{N(top - 3)}\" font-size=\"9\" text-anchor=\"middle\">{E(bar.Caption)}</text>"))
            .Append(I($"<text transform=\"translate({N(centre + 3)},{N(baseline + 8)}) rotate(-{N(LabelAngle)})\" font-size=\"10\" text-anchor=\"end\" fill=\"#334155\">{E(bar.Step)}</text>"))
            .Append("</g>\n");
    }

    /// <summary>A bracket over each module's run of steps, with the module's name.</summary>
    private static void AppendModules(StringBuilder svg, IReadOnlyList<Bar> bars, double left)
    {
        for (var start = 0; start < bars.Count;)
        {
            var end = start;
            while (end + 1 < bars.Count && bars[end + 1].Module == bars[start].Module)
            {
                end++;
            }

            var (from, to) = (left + (start * Slot) + 2, left + ((end + 1) * Slot) - 2);
            svg.Append(I($"<g class=\"module\" data-module=\"{E(bars[start].Module)}\"><path d=\"M{N(from)},{N(Top - 10)} v-4 H{N(to)} v4\" stroke=\"#94a3b8\" fill=\"none\"/>"))
                .Append(I($"<text x=\"{N((from + to) / 2)}\" y=\"{N(Top - 18)}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#334155\">{E(bars[start].Module)}</text></g>\n"));
            start = end + 1;
        }
    }

    /// <summary>1, 2 or 5 times a power of ten, at least the value (and at least 1): an axis top a reader can take in.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 1)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(candidate => candidate >= value);
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
