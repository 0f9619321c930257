using System.Xml.Linq;
using Migration.Analysis.Reports;
using Plan;

namespace Migration.Analysis.Tests.Reports;

/// <summary>The module graph of the HTML reports, read back through its hooks (classes and data- attributes).</summary>
public sealed class GraphSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly Lazy<AnalysisReport> CatalogExtracted =
        new(() => Analyzer.Analyze(SampleEstate.Request(SampleEstate.WithStage("catalog", Stage.Extracted))));

    [Fact]
    public void Graph_CatalogExtracted_DrawsEachDeployableAsAGroupOfItsModules()
    {
        var svg = Parse(HtmlReport.Graph(CatalogExtracted.Value));

        var groups = svg.Descendants(Svg + "g").Where(g => Classes(g).Contains("deployable"))
            .ToDictionary(g => (string)g.Attribute("data-deployable")!, ModulesIn);
        Assert.Equal(["catalog-service", "legacy", "shared"], groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["catalog"], groups["catalog-service"]);
        Assert.Equal(["customers", "host", "inventory", "ordering"], groups["legacy"].Order(StringComparer.Ordinal));
        Assert.Equal(["building-blocks"], groups["shared"]);
        var band = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-deployable") == "shared");
        Assert.Equal("shared: in every deployable", band.Elements(Svg + "text").First().Value);
    }

    [Fact]
    public void Graph_Baseline_HasTheWholeMonolithInOneGroup()
    {
        var svg = Parse(HtmlReport.Graph(SampleEstate.Current));

        var groups = svg.Descendants(Svg + "g").Where(g => Classes(g).Contains("deployable")).ToList();
        Assert.Equal(["legacy", "shared"], groups.Select(g => (string)g.Attribute("data-deployable")!));
        Assert.Equal(["catalog", "customers", "host", "inventory", "ordering"], ModulesIn(groups[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Graph_CatalogExtracted_ClassesEveryEdgeAsTheReportDoesAndLabelsItsTypeReferences()
    {
        var report = CatalogExtracted.Value;

        var edges = Edges(Parse(HtmlReport.Graph(report)));

        Assert.Equal(report.Edges.Count, edges.Count);
        Assert.Equal("crossing", edges[("ordering", "catalog")].Kind);
        Assert.Equal("crossing", edges[("inventory", "catalog")].Kind);
        Assert.Equal("wiring", edges[("host", "catalog")].Kind);
        Assert.Equal("internal", edges[("ordering", "inventory")].Kind);
        // The shared kernel ships with every deployable: the service's use of it stays in process.
        Assert.Equal("internal", edges[("catalog", "building-blocks")].Kind);
        Assert.Equal(
            report.Edges.Where(e => e.CrossesDeployables).Select(e => (e.From, e.To)).Order(),
            edges.Where(e => e.Value.Kind is "crossing" or "blocking").Select(e => e.Key).Order());
        foreach (var edge in report.Edges)
        {
            Assert.Equal(edge.TypeReferences.ToString(System.Globalization.CultureInfo.InvariantCulture), edges[(edge.From, edge.To)].Label);
        }

        Assert.All(edges.Values.Where(e => e.Kind != "internal"), e => Assert.Equal("6 4", e.Dash));
        Assert.All(edges.Values.Where(e => e.Kind == "internal"), e => Assert.Null(e.Dash));
        Assert.All(edges.Values.Where(e => e.Kind == "wiring"), e => Assert.Equal("#9ca3af", e.Stroke));
    }

    [Fact]
    public void Graph_ReferenceIntoImplementationAcrossDeployables_IsARedBlockingEdge()
    {
        var report = ViolatingFixture.Analyze(whatIf: "beta");

        var edge = Edges(Parse(HtmlReport.Graph(report)))[("alpha", "beta")];

        Assert.Equal("blocking", edge.Kind);
        Assert.Equal("#dc2626", edge.Stroke);
        Assert.Equal("2", edge.Width);
        Assert.Contains("into implementation", edge.Tooltip, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_TwoAnalysesOfTheSameEstate_AreTheSameBytes()
    {
        var first = HtmlReport.Graph(Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "inventory")));
        var second = HtmlReport.Graph(Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "inventory")));

        Assert.Equal(first, second);
        Assert.DoesNotContain("<script", first, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" id=", first, StringComparison.Ordinal); // Several graphs share a page.
    }

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static string[] Classes(XElement element) => ((string?)element.Attribute("class") ?? "").Split(' ');

    private static List<string> ModulesIn(XElement group) =>
        [.. group.Descendants(Svg + "g").Where(g => Classes(g).Contains("module")).Select(g => (string)g.Attribute("data-module")!)];

    private static Dictionary<(string From, string To), DrawnEdge> Edges(XElement svg)
    {
        var labels = svg.Descendants(Svg + "text").Where(t => Classes(t).Contains("edge-label"))
            .ToDictionary(t => ((string)t.Attribute("data-from")!, (string)t.Attribute("data-to")!), t => t.Value);
        return svg.Descendants(Svg + "g").Where(g => Classes(g).Contains("edge")).ToDictionary(
            g => ((string)g.Attribute("data-from")!, (string)g.Attribute("data-to")!),
            g =>
            {
                var line = g.Elements(Svg + "path").First();
                return new DrawnEdge(
                    Assert.Single(Classes(g), c => c != "edge"),
                    labels[((string)g.Attribute("data-from")!, (string)g.Attribute("data-to")!)],
                    (string)line.Attribute("stroke")!,
                    (string?)line.Attribute("stroke-width"),
                    (string?)line.Attribute("stroke-dasharray"),
                    g.Element(Svg + "title")!.Value);
            });
    }

    private sealed record DrawnEdge(string Kind, string Label, string Stroke, string? Width, string? Dash, string Tooltip);
}
