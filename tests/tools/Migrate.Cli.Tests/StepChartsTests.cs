using System.Globalization;
using System.Xml.Linq;
using Shop.Walkthrough;

namespace Migrate.Cli.Tests;

/// <summary>The walkthrough's charts, read back through their hooks: what a reader of walkthrough.html sees per step.</summary>
public sealed class StepChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly StepResult[] Steps =
    [
        Step("catalog", "shadow", "shadow", legacy: 40, service: 0, failed: 0, mismatches: 3, crossing: 0),
        Step("catalog", "canary 10 %", "canary", legacy: 90, service: 10, failed: 2, mismatches: 3, crossing: 0),
        Step("catalog", "extracted", "extracted", legacy: 0, service: 50, failed: 0, mismatches: -1, crossing: 17),
        Step("inventory", "baseline analysis", "legacy", legacy: 0, service: 0, failed: 0, mismatches: 0, crossing: 17),
    ];

    [Fact]
    public void Write_Steps_DrawsFourChartsWithABarPerStepInOrder()
    {
        var charts = StepCharts.Write(Steps).Select(XElement.Parse).ToList();

        Assert.Equal(["split", "failures", "mismatches", "coupling"], charts.Select(c => (string)c.Attribute("data-chart")!));
        Assert.All(charts, chart => Assert.Equal(
            ["catalog shadow", "catalog canary 10 %", "catalog extracted", "inventory baseline analysis"],
            BarsOf(chart).Select(b => (string)b.Attribute("data-step")!)));
        Assert.All(charts, chart => Assert.Equal(["catalog", "inventory"], chart.Descendants(Svg + "g")
            .Where(g => (string?)g.Attribute("class") == "module").Select(g => (string)g.Attribute("data-module")!)));
    }

    [Fact]
    public void Write_Split_StacksLegacyUnderServiceAsSharesOfTheAnswers()
    {
        var split = Chart("split");

        var bars = BarsOf(split).ToList();
        Assert.Equal(["100/0", "90/10", "0/100", "-"], bars.Select(b => (string)b.Attribute("data-split")!));
        Assert.Equal(["90", "10"], [(string)bars[1].Attribute("data-legacy")!, (string)bars[1].Attribute("data-service")!]);
        // The plot is 110 high: 90 % of it legacy-blue at the bottom, 10 % service-green over it.
        Assert.Equal([(99.0, "#60a5fa"), (11.0, "#34d399")], Rects(bars[1]));
        Assert.Equal([(110.0, "#34d399")], Rects(bars[2]));
        Assert.Empty(Rects(bars[3])); // Nothing observed: no bar, a '-'.
    }

    [Fact]
    public void Write_Counts_ScaleToARoundTopAndShowUnknownAsAQuestionMark()
    {
        var failures = BarsOf(Chart("failures")).ToList();
        var mismatches = BarsOf(Chart("mismatches")).ToList();
        var coupling = BarsOf(Chart("coupling")).ToList();

        Assert.Equal(["0", "2", "0", "0"], failures.Select(b => (string)b.Attribute("data-failed")!));
        Assert.Equal([(110.0, "#dc2626")], Rects(failures[1]));
        Assert.Equal(["3", "3", "?", "0"], mismatches.Select(b => (string)b.Attribute("data-mismatches")!));
        Assert.Empty(Rects(mismatches[2]));
        // 17 on an axis that tops at 20.
        Assert.Equal(["0", "0", "17", "17"], coupling.Select(b => (string)b.Attribute("data-crossing")!));
        Assert.Equal([(93.5, "#8b5cf6")], Rects(coupling[2]));
    }

    private static XElement Chart(string name) =>
        StepCharts.Write(Steps).Select(XElement.Parse).Single(c => (string?)c.Attribute("data-chart") == name);

    private static IEnumerable<XElement> BarsOf(XElement chart) =>
        chart.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "step");

    private static List<(double Height, string Fill)> Rects(XElement bar) =>
        [.. bar.Elements(Svg + "rect").Select(r => (double.Parse((string)r.Attribute("height")!, CultureInfo.InvariantCulture), (string)r.Attribute("fill")!))];

    private static StepResult Step(string module, string step, string stage, long legacy, long service, long failed, long mismatches, int crossing) =>
        new(module, step, stage, new TrafficSample(legacy, service, failed), new TrafficSample(legacy, service, 0), mismatches, SyncLag: 0, crossing, TimeSpan.FromSeconds(1), Broken: null);
}
