using Migration.Analysis.Reports;
using Snapshooter;
using Snapshooter.Xunit3;

namespace Migration.Analysis.Tests.Reports;

public sealed class ReportFormatsTests
{
    [Fact]
    public void Json_SampleEstate_MatchesReviewedSnapshot()
    {
        Snapshot.Match(Lines(JsonReport.Write(SampleEstate.Current)));
    }

    [Fact]
    public void Markdown_SampleEstate_MatchesReviewedSnapshot()
    {
        Snapshot.Match(Lines(MarkdownReport.Write(SampleEstate.Current)));
    }

    [Fact]
    public void Json_WrittenAndRead_RoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"coupling-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonReport.Write(SampleEstate.Current));
        try
        {
            Assert.Equal(JsonReport.Write(SampleEstate.Current), JsonReport.Write(JsonReport.Read(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_OtherFormatVersion_IsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"coupling-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonReport.Write(SampleEstate.Current with { FormatVersion = 99 }));
        try
        {
            var error = Assert.Throws<AnalysisException>(() => JsonReport.Read(path));

            Assert.Contains("format 99", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Markdown_ModuleGraph_ColoursDeployablesAndMarksBlockingEdges()
    {
        var report = Analyzer.Analyze(SampleEstate.Request(SampleEstate.Plan, whatIf: "ordering"));

        var markdown = MarkdownReport.Write(report);

        Assert.Contains("subgraph d0[\"legacy\"]", markdown, StringComparison.Ordinal);
        Assert.Contains("subgraph d1[\"ordering-service\"]", markdown, StringComparison.Ordinal);
        Assert.Contains("m_ordering -.->|2| m_catalog", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("stroke:#dc2626", markdown, StringComparison.Ordinal); // Contracts only: nothing red.
    }

    [Fact]
    public void Markdown_ReferenceIntoImplementationAcrossDeployables_IsRed()
    {
        var report = ViolatingFixture.Analyze(whatIf: "beta");

        var markdown = MarkdownReport.Write(report);

        var edges = markdown.Split('\n').Where(line => line.Contains("-.->", StringComparison.Ordinal) || line.Contains("-->", StringComparison.Ordinal)).ToList();
        var red = edges.FindIndex(line => line.Contains("m_alpha -.->", StringComparison.Ordinal));
        Assert.Contains($"linkStyle {red} stroke:#dc2626", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_SampleEstate_IsOneSelfContainedPage()
    {
        var html = HtmlReport.Write(SampleEstate.Current);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        foreach (var module in SampleEstate.Current.Modules)
        {
            Assert.Contains($">{module.Name}</text>", html, StringComparison.Ordinal);
        }
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
